"""Logging in by name and password: the cookie holds only the server-side session's id, the
login form carries a CSRF token, logout ends the session on the server."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.accounts import Role
from henno.service.ui.auth_page import REFUSED
from tests.service.accounts import PASSWORD, add_user, log_in
from tests.service.ui.conftest import csrf_of, ui_client

CLERK = "佐藤花子"
OPEN_BANNER = "利用者が登録されていないため、誰でも利用できる状態です"


def _database(state: Path) -> str:
    return f"sqlite:///{state / 'henno.db'}"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    add_user(_database(tmp_path / "state"), CLERK, Role.CLERK)
    return tmp_path / "state"


@pytest.fixture
def door(service_models: Path, state: Path,
         small_data: tuple[Path, Path]) -> Iterator[TestClient]:
    with ui_client(service_models, state, small_data) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/files", "/review", "/model"])
def test_a_page_asks_to_log_in(door: TestClient, path: str) -> None:
    response = door.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


def test_login_opens_every_page_and_names_the_user(door: TestClient) -> None:
    log_in(door, CLERK, next_path="/review")
    for path in ("/", "/files", "/review", "/model"):
        page = door.get(path)
        assert page.status_code == 200, path
        assert f"{CLERK}（職員）" in page.text and OPEN_BANNER not in page.text


def test_the_cookie_holds_only_a_random_session_id(door: TestClient) -> None:
    log_in(door, CLERK)
    session_id = door.cookies["henno_session"]
    assert len(session_id) >= 43 and "." not in session_id and CLERK not in session_id


def test_the_session_cookie_is_http_only_and_same_site_strict(door: TestClient) -> None:
    form = door.get("/login")
    response = door.post("/login", data={"name": CLERK, "password": PASSWORD,
                                         "csrf": csrf_of(form.text)}, follow_redirects=False)
    cookie = next(value for value in response.headers.get_list("set-cookie")
                  if value.startswith("henno_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie


@pytest.mark.parametrize(("name", "password"), [
    (CLERK, "wrong-password-0000"),
    ("鈴木一郎", PASSWORD),  # no such user: the same answer
    ("", PASSWORD),
    (CLERK, ""),
    ("x" * 65, PASSWORD),
    (CLERK, "p" * 1025),
])
def test_a_refused_login_says_one_thing(door: TestClient, name: str, password: str) -> None:
    csrf = csrf_of(door.get("/login").text)
    response = door.post("/login", data={"name": name, "password": password, "csrf": csrf},
                         follow_redirects=False)
    assert response.status_code == 401
    assert REFUSED in response.text
    assert door.get("/", follow_redirects=False).status_code == 303


def test_login_without_its_csrf_token_is_refused(door: TestClient) -> None:
    door.get("/login")
    response = door.post("/login", data={"name": CLERK, "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 403
    assert "有効期限が切れました" in response.text


def test_login_never_redirects_to_another_site(door: TestClient) -> None:
    for target in ("//evil.example/", "/\\evil.example", "https://evil.example/"):
        csrf = csrf_of(door.get("/login").text)
        response = door.post("/login", data={"name": CLERK, "password": PASSWORD,
                                             "next": target, "csrf": csrf},
                             follow_redirects=False)
        assert response.headers["location"] == "/", target


def test_the_csrf_token_before_login_is_worthless_after_it(door: TestClient) -> None:
    before = csrf_of(door.get("/login").text)
    log_in(door, CLERK)
    stale = door.post("/", data={"text": "引っ越しのため", "csrf": before})
    assert stale.status_code == 403


def test_logout_ends_the_session_on_the_server(door: TestClient) -> None:
    log_in(door, CLERK)
    session_id = door.cookies["henno_session"]
    csrf = csrf_of(door.get("/").text)
    response = door.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert response.headers["location"] == "/login?logged_out=1"
    door.cookies.set("henno_session", session_id)  # a copy taken before the logout
    assert door.get("/", follow_redirects=False).status_code == 303


def test_a_post_without_login_gets_a_japanese_401_page(door: TestClient) -> None:
    csrf = csrf_of(door.get("/login").text)
    response = door.post("/", data={"text": "引っ越しのため", "csrf": csrf})
    assert response.status_code == 401
    assert "ログインしてください" in response.text


def test_behind_https_the_cookie_is_secure(service_models: Path, state: Path,
                                           small_data: tuple[Path, Path]) -> None:
    public = "https://henno.city.example"
    with ui_client(service_models, state, small_data, base_url=public,
                   public_origin=public) as client:
        log_in(client, CLERK)
        cookie = client.cookies.jar
        assert all(item.secure for item in cookie if item.name == "henno_session")
        csrf = csrf_of(client.get("/").text)
        other = client.post("/", data={"text": "引っ越しのため", "csrf": csrf},
                            headers={"origin": "http://127.0.0.1"})
        assert other.status_code == 403


def test_without_any_user_the_page_is_open_and_says_so(ui: TestClient) -> None:
    page = ui.get("/")
    assert page.status_code == 200
    assert OPEN_BANNER in page.text and "henno users add" in page.text
    assert ui.get("/login", follow_redirects=False).headers["location"] == "/"


def test_the_login_page_after_logout_says_so(door: TestClient) -> None:
    log_in(door, CLERK)
    csrf = csrf_of(door.get("/").text)
    page = door.post("/logout", data={"csrf": csrf})
    assert page.url.path == "/login"
    assert '<p class="notice" role="status">ログアウトしました</p>' in page.text
    assert "ログアウトしました" not in door.get("/login").text


@pytest.mark.parametrize(("name", "focused"), [
    (CLERK, 'id="password" name="password" type="password" autocomplete="current-password" '
            'required autofocus'),
    ("", 'id="name" name="name" type="text" maxlength="64" autocomplete="username" value="" '
         'required autofocus'),
])
def test_a_refused_login_focuses_the_field_to_type_next(door: TestClient, name: str,
                                                        focused: str) -> None:
    csrf = csrf_of(door.get("/login").text)
    page = door.post("/login", data={"name": name, "password": "wrong-password-0000",
                                     "csrf": csrf})
    assert page.status_code == 401
    assert focused in page.text and page.text.count("autofocus") == 1


@pytest.mark.parametrize("typed", ["佐藤 花子", "佐藤\u3000花子", " 佐藤\u3000花子 "])
def test_a_name_with_a_space_logs_in_as_typed_by_an_ime(service_models: Path, tmp_path: Path,
                                                        small_data: tuple[Path, Path],
                                                        typed: str) -> None:
    state = tmp_path / "state"
    add_user(_database(state), "佐藤 花子", Role.CLERK)
    with ui_client(service_models, state, small_data) as client:
        log_in(client, typed)
        assert "佐藤 花子（職員）" in client.get("/").text
