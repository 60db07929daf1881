"""The routes that carry residents' texts are behind the same door as the page: once any
user or key exists, `curl -F file=@forms.csv /v1/label-file` without a key is refused (before
#12 it returned the labelled file whatever the page asked for)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from henno.accounts import Role
from tests.service.accounts import add_key
from tests.service.ui.conftest import ui_client

CSV = "返納理由\n引っ越しのため\n".encode()
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("/v1/classify", {"json": {"text": "引っ越しのため"}}),
    ("/v1/classify?explain=true", {"json": {"text": "引っ越しのため"}}),
    ("/v1/classify/batch", {"json": {"texts": ["引っ越しのため"]}}),
    ("/v1/label-file", {"files": {"file": ("forms.csv", CSV)}}),
]


@pytest.fixture
def keys(tmp_path: Path) -> dict[Role, str]:
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    return {role: add_key(url, f"program-{role}", role) for role in Role}


@pytest.fixture
def guarded(service_models: Path, tmp_path: Path, small_data: tuple[Path, Path],
            keys: dict[Role, str]) -> Iterator[TestClient]:
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        yield client


@pytest.mark.parametrize(("path", "kwargs"), CALLS)
@pytest.mark.parametrize("authorization", [
    None, "Bearer ", "Basic c2F0bzpwdw==", "Bearer wrong", "{clerk}", "Bearer {clerk}x",
])
def test_data_routes_refuse_a_missing_or_wrong_key(
        guarded: TestClient, keys: dict[Role, str], path: str, kwargs: dict[str, Any],
        authorization: str | None) -> None:
    headers = {} if authorization is None else {
        "authorization": authorization.format(clerk=keys[Role.CLERK])}
    response = guarded.post(path, headers=headers, **kwargs)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(("path", "kwargs"), CALLS)
@pytest.mark.parametrize("role", list(Role))
def test_data_routes_answer_a_clerk_or_admin_key(
        guarded: TestClient, keys: dict[Role, str], path: str, kwargs: dict[str, Any],
        role: Role) -> None:
    response = guarded.post(path, headers={"authorization": f"Bearer {keys[role]}"}, **kwargs)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("path", "kwargs"), CALLS)
def test_without_any_user_or_key_the_routes_stay_open(
        service_models: Path, tmp_path: Path, small_data: tuple[Path, Path], path: str,
        kwargs: dict[str, Any]) -> None:
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        assert client.post(path, **kwargs).status_code == 200
