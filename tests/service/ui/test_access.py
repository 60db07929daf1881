"""CSRF protection of every state-changing request, the cookie, odd form values and error
pages. Logging in and roles: test_auth_*.py."""

from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from henno.service.ui import auth_page, classify_page, files_page, model_page, review_page
from tests.service.ui.conftest import csrf_of, page_csrf, ui_client

UI_POSTS = ["/", "/login", "/logout", "/files", "/files/x/header", "/files/x/start",
            "/files/x/delete", "/review/decide", "/review/undo",
            "/model/retrain", "/model/use"]


def test_every_ui_post_route_is_in_the_csrf_table() -> None:
    posts = {route.path.replace("{job_id}", "x")
             for module in (auth_page, classify_page, files_page, model_page, review_page)
             for route in module.router.routes
             if isinstance(route, APIRoute) and "POST" in (route.methods or set())}
    assert posts == set(UI_POSTS)


@pytest.mark.parametrize("path", UI_POSTS)
def test_post_without_csrf_token_is_refused(ui: TestClient, path: str) -> None:
    page_csrf(ui)  # a session exists, but the form does not carry its token
    response = ui.post(path, data={"text": "引っ越しのため", "csrf": "forged"},
                       follow_redirects=False)
    assert response.status_code == 403  # before any other check: no job needs to exist
    assert "有効期限が切れました" in response.text


def test_post_from_another_site_is_refused(ui: TestClient) -> None:
    csrf = page_csrf(ui)
    response = ui.post("/", data={"text": "引っ越しのため", "csrf": csrf},
                       headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert "別のサイト" in response.text


def test_session_cookie_is_http_only_and_same_site_strict(ui: TestClient) -> None:
    cookie = ui.get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie


def test_api_keeps_working_beside_the_page(ui: TestClient) -> None:
    response = ui.post("/v1/classify", json={"text": "引っ越しのため"})
    assert response.status_code == 200


def test_behind_a_proxy_the_public_origin_is_compared(service_models: Path, tmp_path: Path,
                                                      small_data: tuple[Path, Path]) -> None:
    public = "https://henno.city.example"
    with ui_client(service_models, tmp_path, small_data, base_url=public,
                   public_origin=public) as client:
        first = client.get("/")
        assert "Secure" in first.headers["set-cookie"]
        csrf = csrf_of(first.text)
        ok = client.post("/", data={"text": "引っ越しのため", "csrf": csrf},
                         headers={"origin": public})
        assert ok.status_code == 200
        other = client.post("/", data={"text": "引っ越しのため", "csrf": csrf},
                            headers={"origin": "http://127.0.0.1"})
        assert other.status_code == 403


@pytest.mark.parametrize(("path", "data", "files"), [
    ("/review/decide", {"item_id": str(10**30), "label": "other"}, None),
    ("/review/decide", {"item_id": "abc", "label": "other"}, None),
    ("/files", {}, {"file": ("", b"")}),
])
def test_odd_form_values_get_a_japanese_page(ui: TestClient, path: str, data: dict[str, str],
                                             files: dict[str, tuple[str, bytes]] | None) -> None:
    csrf = page_csrf(ui, "/review")
    response = ui.post(path, data={**data, "csrf": csrf}, files=files)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("text/html")


def test_unknown_page_is_a_japanese_404_and_the_api_keeps_json(ui: TestClient) -> None:
    page = ui.get("/no-such-page")
    assert page.status_code == 404 and "ページが見つかりません" in page.text
    api = ui.get("/v1/no-such-route")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_a_broken_database_closes_the_page_with_a_japanese_503(
        service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> None:
    # Users live in it too: without it nobody can be told from a stranger.
    url = "sqlite:////proc/henno-cannot-be-here/henno.db"
    with ui_client(service_models, tmp_path, small_data, database_url=url) as client:
        for path in ("/", "/review", "/model"):
            page = client.get(path)
            assert page.status_code == 503 and "一時的に利用できません" in page.text

