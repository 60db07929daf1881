import hashlib

import pytest
from sqlalchemy import Engine, text

from henno.accounts import AccountStore, Role
from henno.audit import AuditTrail
from tests.accounts.conftest import NAME, PASSWORD, Clock


def _session_rows(engine: Engine) -> list[tuple[str, ...]]:
    with engine.connect() as connection:
        return [tuple(str(value) for value in row) for row in connection.execute(
            text("SELECT * FROM user_sessions"))]


def test_session_finds_the_login(accounts: AccountStore, clerk: str) -> None:
    page = accounts.login(clerk, PASSWORD)
    assert accounts.session(page.id) == page


@pytest.mark.parametrize("session_id", [
    "", "x", "x" * 10_000, "a" * 43,
])
def test_unknown_ids_give_no_session(accounts: AccountStore, clerk: str,
                                     session_id: str) -> None:
    accounts.login(clerk, PASSWORD)
    assert accounts.session(session_id) is None


def test_a_tampered_id_gives_no_session(accounts: AccountStore, clerk: str) -> None:
    page = accounts.login(clerk, PASSWORD)
    flipped = ("A" if page.id[0] != "A" else "B") + page.id[1:]
    assert accounts.session(flipped) is None
    assert accounts.session(page.id + "x") is None


def test_the_database_holds_only_a_hash_of_the_session_id(
        accounts: AccountStore, clerk: str, engine: Engine) -> None:
    page = accounts.login(clerk, PASSWORD)
    [row] = _session_rows(engine)
    assert hashlib.sha256(page.id.encode()).hexdigest() in row
    assert not any(page.id in value for value in row)


def test_a_session_ends_after_the_idle_time(accounts: AccountStore, clerk: str,
                                            clock: Clock) -> None:
    page = accounts.login(clerk, PASSWORD)
    clock.advance(minutes=29, seconds=59)
    assert accounts.session(page.id) is not None
    clock.advance(minutes=30)
    assert accounts.session(page.id) is None


def test_use_keeps_a_session_alive_until_its_lifetime(accounts: AccountStore, clerk: str,
                                                      clock: Clock) -> None:
    page = accounts.login(clerk, PASSWORD)
    for _ in range(12 * 3 - 1):  # a request every 20 minutes for 11 h 40 min
        clock.advance(minutes=20)
        assert accounts.session(page.id) is not None
    clock.advance(minutes=20)  # 12 hours after login
    assert accounts.session(page.id) is None


@pytest.mark.parametrize(("idle", "hours", "advance_minutes", "alive"), [
    (5, 12, 4, True), (5, 12, 5, False), (60, 1, 59, True), (600, 1, 60, False),
])
def test_idle_time_and_lifetime_are_settings(engine: Engine, clock: Clock, idle: int,
                                             hours: int, advance_minutes: int,
                                             alive: bool) -> None:
    accounts = AccountStore(engine, idle_minutes=idle, max_hours=hours, clock=clock)
    accounts.add_user(NAME, Role.CLERK, PASSWORD)
    page = accounts.login(NAME, PASSWORD)
    clock.advance(minutes=advance_minutes)
    assert (accounts.session(page.id) is not None) is alive


@pytest.mark.parametrize("ending", ["logout", "disable", "reset_password"])
def test_sessions_end_at_once(accounts: AccountStore, clerk: str, engine: Engine,
                              ending: str) -> None:
    pages = [accounts.login(clerk, PASSWORD) for _ in range(2)]
    if ending == "logout":
        accounts.logout(pages[0].id)
        accounts.logout(pages[1].id)
    elif ending == "disable":
        accounts.set_disabled(clerk, True)
    else:
        accounts.reset_password(clerk, "a brand new password")
    assert [accounts.session(page.id) for page in pages] == [None, None]
    assert _session_rows(engine) == []


def test_logout_ends_only_that_session_and_is_audited(accounts: AccountStore, clerk: str,
                                                      trail: AuditTrail) -> None:
    first, second = accounts.login(clerk, PASSWORD), accounts.login(clerk, PASSWORD)
    accounts.logout(first.id)
    accounts.logout(first.id)  # a second logout (another tab) changes and records nothing
    assert accounts.session(second.id) == second
    assert [(e.actor, e.action.value) for e in trail.latest(1)] == [(f"user:{clerk}",
                                                                    "logout")]
    assert [e.action.value for e in trail.latest()].count("logout") == 1


def test_the_old_password_fails_after_a_reset(accounts: AccountStore, clerk: str) -> None:
    accounts.reset_password(clerk, "a brand new password")
    with pytest.raises(Exception, match="login refused"):
        accounts.login(clerk, PASSWORD)
    assert accounts.login(clerk, "a brand new password").principal.name == clerk


def test_other_users_sessions_survive(accounts: AccountStore, clerk: str) -> None:
    accounts.add_user("ito.jiro", Role.ADMIN, PASSWORD)
    kept = accounts.login("ito.jiro", PASSWORD)
    accounts.set_disabled(clerk, True)
    assert accounts.session(kept.id) == kept


def test_a_disabled_users_session_ends_even_if_its_row_survived(
        accounts: AccountStore, clerk: str, engine: Engine) -> None:
    page = accounts.login(clerk, PASSWORD)
    with engine.begin() as connection:  # disabled by an older henno that kept sessions
        connection.execute(text("UPDATE users SET disabled = true"))
    assert accounts.session(page.id) is None


def test_expired_sessions_are_pruned_at_the_next_login(
        accounts: AccountStore, clerk: str, clock: Clock, engine: Engine) -> None:
    for _ in range(3):
        accounts.login(clerk, PASSWORD)
    clock.advance(hours=1)
    accounts.login(clerk, PASSWORD)
    assert len(_session_rows(engine)) == 1


def test_the_role_comes_from_the_user_row(accounts: AccountStore) -> None:
    accounts.add_user(NAME, Role.ADMIN, PASSWORD)
    assert accounts.login(NAME, PASSWORD).principal.role is Role.ADMIN
