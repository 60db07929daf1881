"""Cross-site request forgery against every POST of the page, logged in as an admin (who may
post to all of them): a missing, forged or other session's token, or another site's Origin,
is refused before anything changes."""

import pytest

from henno.audit import AuditAction
from henno.service.ui.errors import API_PATHS
from tests.security.door import ADMIN, CLERK, Door, app_routes, door
from tests.service.ui.conftest import csrf_of

__all__ = ["door"]  # the fixture
EXPIRED = "ページの有効期限が切れました。ページを開き直してください"
FOREIGN = "別のサイトからの送信は受け付けません"
FORM = {"text": "引っ越しのため", "item_id": "1", "label": "relocation", "version": "x",
        "name": ADMIN, "password": "guess-0000-0000", "next": "/"}


def _page_posts(door: Door) -> list[str]:
    return sorted(path.replace("{job_id}", "0123456789abcdef")
                  for method, path, _ in app_routes(door.client)
                  if method == "POST" and not path.startswith(API_PATHS))


def test_the_walk_finds_every_kind_of_page_post(door: Door) -> None:
    posts = _page_posts(door)
    assert {"/", "/files", "/login", "/logout", "/review/decide", "/model/use"} <= set(posts)


@pytest.mark.parametrize("token", [None, "", "forged", "é", "x" * 10_000])
def test_every_page_post_refuses_a_wrong_token(door: Door, token: str | None) -> None:
    door.log_in(ADMIN)
    csrf_of(door.client.get("/").text)
    for path in _page_posts(door):
        data = FORM if token is None else {**FORM, "csrf": token}
        response = door.client.post(path, data=data, follow_redirects=False)
        assert (path, response.status_code) == (path, 403)
        assert EXPIRED in response.text, path
    door.client.get("/")  # still logged in: a refused form ends nothing


def test_every_page_post_refuses_another_site(door: Door) -> None:
    door.log_in(ADMIN)
    csrf = csrf_of(door.client.get("/").text)
    for path in _page_posts(door):
        response = door.client.post(path, data={**FORM, "csrf": csrf},
                                    headers={"origin": "https://evil.example"},
                                    follow_redirects=False)
        assert (path, response.status_code) == (path, 403)
        assert FOREIGN in response.text, path


def test_another_sessions_token_is_refused(door: Door) -> None:
    door.log_in(CLERK)
    clerks_token = csrf_of(door.client.get("/").text)
    door.client.cookies.clear()
    door.log_in(ADMIN)
    response = door.client.post("/model/use", data={"version": "x", "csrf": clerks_token})
    assert response.status_code == 403
    assert EXPIRED in response.text


def test_logout_by_a_forged_form_ends_nothing(door: Door) -> None:
    door.log_in(CLERK)
    response = door.client.post("/logout", data={"csrf": "forged"}, follow_redirects=False)
    assert response.status_code == 403
    assert door.client.get("/review", follow_redirects=False).status_code == 200
    assert AuditAction.LOGOUT not in {entry.action for entry in door.audit.latest(100)}
