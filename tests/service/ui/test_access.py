"""The UI token, the session cookie and CSRF protection of every state-changing request."""

import multiprocessing
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from henno.service.ui import auth_page, classify_page, files_page, model_page, review_page
from henno.service.ui.sessions import load_key
from tests.service.ui.conftest import UI_TOKEN, csrf_of, page_csrf, ui_client

UI_POSTS = ["/", "/login", "/logout", "/files", "/files/x/header", "/files/x/start",
            "/files/x/delete", "/review/name", "/review/decide", "/review/undo",
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


def test_changing_the_ui_token_ends_every_session(service_models: Path, tmp_path: Path,
                                                  small_data: tuple[Path, Path]) -> None:
    with ui_client(service_models, tmp_path, small_data, ui_token=UI_TOKEN) as client:
        csrf = csrf_of(client.get("/login").text)
        client.post("/login", data={"token": UI_TOKEN, "csrf": csrf})
        cookie = client.cookies["henno_session"]
        assert client.get("/", follow_redirects=False).status_code == 200
    with ui_client(service_models, tmp_path, small_data, ui_token="a-new-token") as client:
        client.cookies.set("henno_session", cookie)
        assert client.get("/", follow_redirects=False).status_code == 303


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
    ui.post("/review/name", data={"reviewer": "窓口A", "csrf": csrf})
    response = ui.post(path, data={**data, "csrf": csrf}, files=files)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("text/html")


def test_unknown_page_is_a_japanese_404_and_the_api_keeps_json(ui: TestClient) -> None:
    page = ui.get("/no-such-page")
    assert page.status_code == 404 and "ページが見つかりません" in page.text
    api = ui.get("/v1/no-such-route")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_a_broken_review_database_leaves_the_rest_of_the_page_working(
        service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> None:
    url = "sqlite:////proc/henno-cannot-be-here/henno.db"
    with ui_client(service_models, tmp_path, small_data, database_url=url) as client:
        review = client.get("/review")
        assert review.status_code == 503 and "確認データベースを開けません" in review.text
        assert client.get("/").status_code == 200
        assert client.get("/model").status_code == 200


def _load_key_in_process(folder: str) -> bytes:
    return load_key(Path(folder))


def test_workers_starting_together_share_one_whole_key(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for attempt in range(3):
        folder = tmp_path / f"state-{attempt}"
        with context.Pool(4) as pool:
            keys = pool.map(_load_key_in_process, [str(folder)] * 8)
        assert len(set(keys)) == 1 and len(keys[0]) == 32
