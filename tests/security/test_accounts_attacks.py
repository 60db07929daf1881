"""Attacks on the door: every route without credentials, a clerk on every admin route, a
revoked key, a disabled user's session, expired, tampered and pre-reset session ids. The
`door` fixture checks at the end that no reason text reached the audit table or the logs."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from henno.audit import AuditAction, AuditEntry
from henno.service.deps import require_admin
from henno.service.ui.errors import API_PATHS
from tests.security.door import (
    ADMIN,
    CLERK,
    REASONS,
    SESSION_COOKIE,
    Door,
    app_routes,
    assert_no_reason_text,
    door,
)
from tests.service.ui.conftest import csrf_of

__all__ = ["door"]  # the fixture

OPEN_ROUTES = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/login"), ("POST", "/login"),
               ("POST", "/logout")}
ADMIN_ROUTES = {("POST", "/v1/admin/reload"), ("POST", "/v1/admin/switch"),
                ("GET", "/metrics"), ("POST", "/model/retrain"), ("POST", "/model/use"),
                ("GET", "/admin")}
NOT_LOGGED_IN = {"error": {"code": "unauthorized",
                           "message": "log in, or send Authorization: Bearer <API key>"}}
FORBIDDEN = {"error": {"code": "forbidden", "message": "your role does not allow this"}}
PATH_VALUES = {"{job_id}": "0123456789abcdef", "{name}": "summary.csv"}


def _concrete(path: str) -> str:
    for placeholder, value in PATH_VALUES.items():
        path = path.replace(placeholder, value)
    return path


def _protected(door: Door) -> list[tuple[str, str]]:
    return [(method, _concrete(path)) for method, path, _ in app_routes(door.client)
            if (method, path) not in OPEN_ROUTES]


def _outcome(door: Door, method: str, path: str, **request: Any) -> tuple[int, object]:
    response = door.client.request(method, path, follow_redirects=False, **request)
    if path.startswith(API_PATHS):
        return response.status_code, response.json()
    return response.status_code, response.headers.get("location", "")


def _refused_without_login(method: str, path: str) -> tuple[int, object]:
    if path.startswith(API_PATHS):
        return 401, NOT_LOGGED_IN
    return (303, f"/login?next={path}") if method == "GET" else (401, "")


def test_every_route_but_the_open_ones_wants_credentials(door: Door) -> None:
    routes = _protected(door)
    assert len(routes) > 30  # the walk reached the included routers
    answers = {(method, path): _outcome(door, method, path) for method, path in routes}
    assert answers == {(method, path): _refused_without_login(method, path)
                       for method, path in routes}


def test_unauthorized_api_answers_name_the_scheme(door: Door) -> None:
    response = door.client.post("/v1/classify", json={"text": REASONS[0]})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def _needs_admin(dependant: Dependant) -> bool:
    return any(sub.call is require_admin or _needs_admin(sub)
               for sub in dependant.dependencies)


def test_the_admin_table_lists_every_route_that_wants_an_admin(door: Door) -> None:
    found = {(method, path) for method, path, route in app_routes(door.client)
             if isinstance(route, APIRoute) and _needs_admin(route.dependant)}
    # /metrics asks for an admin inside its own dependency (it may be public).
    assert found | {("GET", "/metrics")} == ADMIN_ROUTES


def _admin_route_answers(door: Door, **request: Any) -> dict[tuple[str, str], object]:
    answers: dict[tuple[str, str], object] = {}
    for method, path in sorted(ADMIN_ROUTES):
        response = door.client.request(method, path, follow_redirects=False, **request)
        answers[method, path] = (response.status_code, response.json()
                                 if path.startswith(API_PATHS) else "page")
    return answers


def _refused_as_clerk() -> dict[tuple[str, str], object]:
    return {(method, path): (403, FORBIDDEN if path.startswith(API_PATHS) else "page")
            for method, path in sorted(ADMIN_ROUTES)}


def test_clerk_key_is_refused_on_every_admin_route(door: Door) -> None:
    assert _admin_route_answers(door, headers=door.as_clerk_key()) == _refused_as_clerk()


def test_clerk_session_is_refused_on_every_admin_route(door: Door) -> None:
    door.log_in(CLERK)
    # A form as the page would send it, from the page's own origin: the refusal is the
    # role's, not the CSRF or cross-site check's.
    form = {"csrf": _csrf(door), "version": "x"}
    assert (_admin_route_answers(door, data=form, headers={"origin": "http://127.0.0.1"})
            == _refused_as_clerk())


def _csrf(door: Door, path: str = "/") -> str:
    return csrf_of(door.client.get(path).text)


def test_admin_session_and_key_pass_the_admin_door(door: Door) -> None:
    assert door.client.get("/metrics", headers=door.as_admin_key()).status_code == 200
    door.log_in(ADMIN)
    assert door.client.get("/admin").status_code == 200


def test_revoked_key_is_refused_at_once(door: Door) -> None:
    assert door.client.get("/v1/labels", headers=door.as_clerk_key()).status_code == 200
    door.accounts.revoke_key("集計")
    response = door.client.get("/v1/labels", headers=door.as_clerk_key())
    assert (response.status_code, response.json()) == (401, NOT_LOGGED_IN)


MADE_UP_KEYS = ["", "x", "Bearer", "0" * 43, "é" * 43, "k" * 5000]


def test_made_up_keys_are_refused(door: Door) -> None:
    tried = [door.client.get("/v1/labels", headers={b"authorization": f"Bearer {key}".encode()})
             for key in [*MADE_UP_KEYS, door.clerk_key.upper(), door.clerk_key[:-1]]]
    assert [(r.status_code, r.json()) for r in tried] == [(401, NOT_LOGGED_IN)] * len(tried)


def _page_refuses(door: Door) -> None:
    response = door.client.get("/review", follow_redirects=False)
    assert (response.status_code, response.headers.get("location")) == (
        303, "/login?next=/review")
    api = door.client.get("/v1/labels")
    assert (api.status_code, api.json()) == (401, NOT_LOGGED_IN)


def _page_opens(door: Door) -> None:
    assert door.client.get("/review", follow_redirects=False).status_code == 200


ENDINGS: dict[str, Callable[[Door], None]] = {
    "disabled": lambda door: door.accounts.set_disabled(CLERK, True),
    "password reset": lambda door: door.accounts.reset_password(CLERK, "new-password-0000"),
    "idle 31 minutes": lambda door: door.clock.advance(minutes=31),
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_session_ends_at_once(door: Door, ending: str) -> None:
    door.log_in(CLERK)
    _page_opens(door)
    ENDINGS[ending](door)
    _page_refuses(door)


def test_active_session_ends_at_its_absolute_lifetime(door: Door) -> None:
    door.log_in(CLERK)
    for _ in range(11 * 3 + 2):  # a request every 20 minutes for 11 h 40 min
        door.clock.advance(minutes=20)
        _page_opens(door)
    door.clock.advance(minutes=21)  # 12 h 01 min after login
    _page_refuses(door)


def test_copied_cookie_dies_with_logout(door: Door) -> None:
    door.log_in(CLERK)
    stolen = door.session_id()
    door.client.post("/logout", data={"csrf": _csrf(door)})
    door.client.cookies.set(SESSION_COOKIE, stolen)
    _page_refuses(door)


def _tamper_last(value: str) -> str:
    return value[:-1] + ("A" if value[-1] != "A" else "B")


TAMPERS: dict[str, Callable[[str], str]] = {
    "last character": _tamper_last,
    "upper case": str.upper,
    "truncated": lambda value: value[:-1],
    "doubled": lambda value: value * 2,
    "very long": lambda value: value * 200,
    "empty": lambda value: "",
}


def test_tampered_session_ids_are_refused(door: Door) -> None:
    door.log_in(CLERK)
    real = door.session_id()
    for tamper in TAMPERS.values():
        door.log_out_of_the_client()
        door.client.cookies.set(SESSION_COOKIE, tamper(real))
        _page_refuses(door)
    door.client.cookies.set(SESSION_COOKIE, real)
    _page_opens(door)  # the guesses ended nothing


def test_non_ascii_session_cookie_is_refused(door: Door) -> None:
    response = door.client.get("/review", follow_redirects=False,
                               headers={b"cookie": f"{SESSION_COOKIE}=佐藤".encode()})
    assert response.status_code == 303


def test_database_holds_no_usable_session_id_or_key(door: Door) -> None:
    door.log_in(CLERK)
    session_id = door.session_id()
    database = door.client.app.state.service.settings.state_dir  # type: ignore[attr-defined]
    stored = b"".join(path.read_bytes() for path in database.glob("henno.db*"))
    for secret in (session_id, door.clerk_key, door.admin_key):
        assert secret.encode() not in stored


def test_the_reason_text_guard_finds_a_leak() -> None:
    leaked = AuditEntry(1, datetime.now(UTC), "user:x", AuditAction.DOWNLOAD, "ok",
                        {"file": f"{REASONS[0][:8]}.csv"})
    with pytest.raises(AssertionError, match="a reason text in audit"):
        assert_no_reason_text([leaked], [])
    logged = logging.LogRecord("henno", logging.INFO, __file__, 1, "got %s", (REASONS[1],),
                               None)
    with pytest.raises(AssertionError, match="a reason text in a log"):
        assert_no_reason_text([], [logged])
