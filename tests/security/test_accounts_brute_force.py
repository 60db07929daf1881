"""Guessing passwords on the login page: five failures lock the name for 15 minutes, the
right password included, every attempt is audited, and the lock lifts on its own."""

import httpx2

from henno.audit import AuditAction
from henno.service.ui.auth_page import REFUSED
from tests.security.door import CLERK, OTHER_CLERK, Door, door
from tests.service.accounts import PASSWORD
from tests.service.ui.conftest import csrf_of

__all__ = ["door"]  # the fixture


def _attempt(door: Door, name: str, password: str) -> httpx2.Response:
    csrf = csrf_of(door.client.get("/login").text)
    return door.client.post("/login", data={"name": name, "password": password,
                                            "next": "/", "csrf": csrf},
                            follow_redirects=False)


def _refused(response: httpx2.Response) -> bool:
    return response.status_code == 401 and REFUSED in response.text


def _trail(door: Door) -> list[tuple[str | None, str, str]]:
    """(actor, action, outcome) of every entry, oldest first."""
    return [(entry.actor, entry.action, entry.outcome)
            for entry in reversed(door.audit.latest(1000))]


def test_five_failures_lock_the_name_even_for_the_right_password(door: Door) -> None:
    for n in range(5):
        assert _refused(_attempt(door, CLERK, f"guess-{n:04d}-0000"))
    assert _refused(_attempt(door, CLERK, PASSWORD))
    door.clock.advance(minutes=14, seconds=59)
    assert _refused(_attempt(door, CLERK, PASSWORD))
    actor = f"user:{CLERK}"
    assert _trail(door) == [
        *[(actor, AuditAction.LOGIN_FAILED, "wrong_password")] * 5,
        (actor, AuditAction.LOCKED, "ok"),
        (actor, AuditAction.LOGIN_FAILED, "locked"),
        (actor, AuditAction.LOGIN_FAILED, "locked"),
    ]


def test_lock_lifts_after_the_lock_time(door: Door) -> None:
    for n in range(5):
        _attempt(door, CLERK, f"guess-{n:04d}-0000")
    door.clock.advance(minutes=15, seconds=1)
    response = _attempt(door, CLERK, PASSWORD)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert _trail(door)[-1] == (f"user:{CLERK}", AuditAction.LOGIN, "ok")


def test_a_success_resets_the_count(door: Door) -> None:
    for n in range(4):
        _attempt(door, CLERK, f"guess-{n:04d}-0000")
    assert _attempt(door, CLERK, PASSWORD).status_code == 303
    door.client.cookies.clear()
    for n in range(4):
        assert _refused(_attempt(door, CLERK, f"again-{n:04d}-0000"))
    assert _attempt(door, CLERK, PASSWORD).status_code == 303


def test_locking_one_name_leaves_the_others_alone(door: Door) -> None:
    for n in range(6):
        _attempt(door, CLERK, f"guess-{n:04d}-0000")
    assert _attempt(door, OTHER_CLERK, PASSWORD).status_code == 303


def test_unknown_names_get_the_same_answer_and_leave_no_name(door: Door) -> None:
    known = _attempt(door, CLERK, "guess-0000-0000")
    unknown = _attempt(door, "田中一郎", "guess-0000-0000")
    assert _refused(known) and _refused(unknown)
    # The typed name may be a password typed in the wrong field: it is not kept.
    assert _trail(door)[-1] == (None, AuditAction.LOGIN_FAILED, "unknown_user")
    assert all("田中一郎" not in str(entry.objects) for entry in door.audit.latest(100))

