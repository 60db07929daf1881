"""With HENNO_UI_TOKEN set, the API routes that carry residents' texts want it too: before,
`curl -F file=@forms.csv /v1/label-file` returned the labelled file with no credential."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.ui.conftest import ui_client

CSV = "返納理由\n引っ越しのため\n".encode()
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("/v1/classify", {"json": {"text": "引っ越しのため"}}),
    ("/v1/classify?explain=true", {"json": {"text": "引っ越しのため"}}),
    ("/v1/classify/batch", {"json": {"texts": ["引っ越しのため"]}}),
    ("/v1/label-file", {"files": {"file": ("forms.csv", CSV)}}),
]


@pytest.fixture
def guarded(service_models: Path, tmp_path: Path,
            small_data: tuple[Path, Path]) -> Iterator[TestClient]:
    with ui_client(service_models, tmp_path / "state", small_data, ui_token="clerks-secret",
                   admin_token="admin-secret") as client:
        yield client


@pytest.mark.parametrize(("path", "kwargs"), CALLS)
@pytest.mark.parametrize(("authorization", "status", "code"), [
    (None, 401, "unauthorized"),
    ("Bearer ", 401, "unauthorized"),
    ("Basic clerks-secret", 401, "unauthorized"),
    ("Bearer wrong", 403, "forbidden"),
    ("Bearer clerks-secre", 403, "forbidden"),
])
def test_data_routes_refuse_a_missing_or_wrong_token(
        guarded: TestClient, path: str, kwargs: dict[str, Any], authorization: str | None,
        status: int, code: str) -> None:
    headers = {"authorization": authorization} if authorization is not None else {}
    response = guarded.post(path, headers=headers, **kwargs)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(("path", "kwargs"), CALLS)
@pytest.mark.parametrize("token", ["clerks-secret", "admin-secret"])
def test_data_routes_answer_with_the_ui_or_admin_token(
        guarded: TestClient, path: str, kwargs: dict[str, Any], token: str) -> None:
    response = guarded.post(path, headers={"authorization": f"Bearer {token}"}, **kwargs)
    assert response.status_code == 200, response.text


def test_the_refusal_says_which_token_to_send(guarded: TestClient) -> None:
    response = guarded.post("/v1/classify", json={"text": "引っ越しのため"})
    assert response.json()["error"]["message"] == "send Authorization: Bearer <HENNO_UI_TOKEN>"


@pytest.mark.parametrize(("path", "kwargs"), CALLS)
def test_without_a_ui_token_the_routes_stay_open(
        service_models: Path, tmp_path: Path, small_data: tuple[Path, Path], path: str,
        kwargs: dict[str, Any]) -> None:
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        assert client.post(path, **kwargs).status_code == 200
