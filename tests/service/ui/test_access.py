"""The UI token, the session cookie and CSRF protection of every state-changing request."""

from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from service.ui import auth_page, classify_page, files_page, model_page, review_page
from tests.service.ui.conftest import UI_TOKEN, csrf_of, page_csrf, ui_client

UI_POSTS = ["/", "/login", "/logout", "/files", "/files/x/start", "/files/x/delete",
            "/review/name", "/review/decide", "/review/undo", "/model/retrain", "/model/use"]


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
    assert response.status_code in (403, 404)
    if response.status_code == 403:
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


@pytest.fixture
def guarded(service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> TestClient:
    return ui_client(service_models, tmp_path / "state", small_data, ui_token=UI_TOKEN)


def test_token_is_asked_once_and_then_every_page_opens(guarded: TestClient) -> None:
    with guarded as client:
        first = client.get("/review", follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/login?next=/review"
        login = client.get("/login?next=/review")
        csrf = csrf_of(login.text)
        wrong = client.post("/login", data={"token": "nope", "reviewer": "窓口A",
                                            "next": "/review", "csrf": csrf})
        assert wrong.status_code == 401
        assert "トークンが違います" in wrong.text
        right = client.post("/login", data={"token": UI_TOKEN, "reviewer": "窓口A",
                                             "next": "/review", "csrf": csrf},
                            follow_redirects=False)
        assert right.status_code == 303
        assert right.headers["location"] == "/review"
        for path in ("/", "/files", "/review", "/model"):
            assert client.get(path).status_code == 200
        # The token planted before login is worthless after it (new session, new CSRF token).
        stale = client.post("/", data={"text": "引っ越しのため", "csrf": csrf})
        assert stale.status_code == 403


def test_login_never_redirects_to_another_site(guarded: TestClient) -> None:
    with guarded as client:
        csrf = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"token": UI_TOKEN, "next": "//evil.example/",
                                                "csrf": csrf}, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_post_without_login_is_refused_when_a_token_is_set(guarded: TestClient) -> None:
    with guarded as client:
        csrf = csrf_of(client.get("/login").text)
        response = client.post("/", data={"text": "引っ越しのため", "csrf": csrf})
        assert response.status_code == 401


def test_logout_ends_the_session(guarded: TestClient) -> None:
    with guarded as client:
        csrf = csrf_of(client.get("/login").text)
        client.post("/login", data={"token": UI_TOKEN, "csrf": csrf})
        csrf = page_csrf(client, "/")
        client.post("/logout", data={"csrf": csrf})
        assert client.get("/", follow_redirects=False).status_code == 303


def test_api_keeps_working_beside_the_page(ui: TestClient) -> None:
    response = ui.post("/v1/classify", json={"text": "引っ越しのため"})
    assert response.status_code == 200
