"""Non-ASCII CSRF values and session cookies are invalid credentials (403, a login page or a
new anonymous token), never a 500: hmac.compare_digest refuses non-ASCII str."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.accounts import Role
from henno.service.cookies import ANONYMOUS_COOKIE, SESSION_COOKIE, csrf_ok
from tests.service.accounts import add_user
from tests.service.ui.conftest import page_csrf, ui_client


@pytest.fixture
def ui(service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> TestClient:
    return ui_client(service_models, tmp_path / "state", small_data)


@pytest.mark.parametrize("given", ["é", "\u30c8\u30fc\u30af\u30f3", "\ud800", "a\x00"])
def test_a_non_ascii_csrf_value_does_not_match(given: str) -> None:
    assert csrf_ok("a-real-token", given) is False


@pytest.mark.parametrize("path", ["/login", "/"])
def test_a_non_ascii_csrf_form_value_is_a_403(ui: TestClient, path: str) -> None:
    with ui as client:
        page_csrf(client)
        response = client.post(path, data={"csrf": "é", "text": "引っ越しのため"})
        assert response.status_code == 403
        assert "有効期限が切れました" in response.text


@pytest.mark.parametrize("cookie", ["é.é", "é", "\ud800.\udfff", "a" * 5000])
def test_an_odd_session_cookie_is_no_session(service_models: Path, tmp_path: Path,
                                             small_data: tuple[Path, Path], cookie: str) -> None:
    add_user(f"sqlite:///{tmp_path / 'state' / 'henno.db'}", "sato", Role.CLERK)
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        # Sent as raw bytes, as a hostile client would.
        raw = f"{SESSION_COOKIE}={cookie}".encode("utf-8", "surrogatepass")
        page = client.get("/", headers={b"cookie": raw}, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/login?next=/"
        api = client.get("/v1/labels", headers={b"cookie": raw})
        assert api.status_code == 401


@pytest.mark.parametrize("path", ["/", "/review", "/model", "/files"])
def test_an_odd_cookie_on_an_open_service_gets_a_new_token(ui: TestClient, path: str) -> None:
    with ui as client:
        response = client.get(path, headers={b"cookie": f"{ANONYMOUS_COOKIE}=é.é".encode()})
        assert response.status_code == 200
        assert ANONYMOUS_COOKIE in response.headers["set-cookie"]
