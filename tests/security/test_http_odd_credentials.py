"""Non-ASCII CSRF values and session cookies are invalid credentials (403 or a new
session), never a 500: hmac.compare_digest refuses non-ASCII str."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.ui.sessions import COOKIE, Session, SessionCodec, csrf_ok
from tests.service.ui.conftest import page_csrf, ui_client


@pytest.fixture
def ui(service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> TestClient:
    return ui_client(service_models, tmp_path / "state", small_data)


@pytest.mark.parametrize("given", ["é", "\u30c8\u30fc\u30af\u30f3", "\ud800", "a\x00"])
def test_a_non_ascii_csrf_value_does_not_match(given: str) -> None:
    assert csrf_ok(Session(), given) is False


@pytest.mark.parametrize("cookie", ["é.é", "é", ".é", "e30=.é", "\ud800.\udfff", "a.b.c"])
def test_a_non_ascii_cookie_is_no_session(cookie: str) -> None:
    assert SessionCodec(b"k" * 32).decode(cookie) is None


@pytest.mark.parametrize("path", ["/login", "/"])
def test_a_non_ascii_csrf_form_value_is_a_403(ui: TestClient, path: str) -> None:
    with ui as client:
        page_csrf(client)
        response = client.post(path, data={"csrf": "é", "text": "引っ越しのため"})
        assert response.status_code == 403
        assert "有効期限が切れました" in response.text


@pytest.mark.parametrize("path", ["/", "/review", "/model", "/files", "/login"])
def test_a_non_ascii_session_cookie_starts_a_new_session(ui: TestClient, path: str) -> None:
    with ui as client:
        # Sent as raw UTF-8 bytes, as a hostile client would.
        response = client.get(path, headers={b"cookie": f"{COOKIE}=é.é".encode()})
        assert response.status_code == 200
        assert COOKIE in response.headers["set-cookie"]
