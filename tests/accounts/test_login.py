from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text

from henno.accounts import AccountStore, LoginRefused, Role, passwords
from henno.audit import AuditAction, AuditTrail
from tests.accounts.conftest import NAME, PASSWORD, Clock

REFUSED = ("login refused: wrong user name or password, or the account is locked or "
           "disabled")
WRONG = "wrong password!"


def _audit(trail: AuditTrail) -> list[tuple[str | None, str, str]]:
    """(actor, action, outcome) of every entry, oldest first."""
    return [(e.actor, e.action.value, e.outcome) for e in reversed(trail.latest(1000))]


def _fail(accounts: AccountStore, name: str = NAME, password: str = WRONG) -> None:
    with pytest.raises(LoginRefused) as caught:
        accounts.login(name, password)
    assert str(caught.value) == REFUSED


def test_login_gives_a_session_of_the_user(accounts: AccountStore, clerk: str,
                                           clock: Clock, trail: AuditTrail) -> None:
    page = accounts.login(clerk, PASSWORD)
    assert (page.principal.kind, page.principal.name, page.principal.role) == (
        "user", clerk, Role.CLERK)
    assert len(page.id) >= 43 and len(page.csrf) >= 43 and page.id != page.csrf
    assert accounts.users()[0].last_login_at == clock.now
    assert _audit(trail) == [(f"user:{clerk}", "login", "ok")]


def test_each_login_gets_a_new_session(accounts: AccountStore, clerk: str) -> None:
    first, second = accounts.login(clerk, PASSWORD), accounts.login(clerk, PASSWORD)
    assert first.id != second.id and first.csrf != second.csrf


@pytest.mark.parametrize(("case", "actor", "outcome"), [
    ("unknown name", None, "unknown_user"),
    ("wrong password", "user:sato.hanako", "wrong_password"),
    ("disabled", "user:sato.hanako", "disabled"),
    ("empty password", "user:sato.hanako", "wrong_password"),
])
def test_every_refusal_says_the_same_and_is_audited(
        accounts: AccountStore, clerk: str, trail: AuditTrail, case: str, actor: str | None,
        outcome: str) -> None:
    name, password = clerk, WRONG
    if case == "unknown name":
        name = "tanaka.ichiro"
    elif case == "disabled":
        accounts.set_disabled(clerk, True)
        password = PASSWORD
    elif case == "empty password":
        password = ""
    _fail(accounts, name, password)
    assert _audit(trail) == [(actor, "login_failed", outcome)]


def test_an_unknown_name_costs_a_password_check_too(
        accounts: AccountStore, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = passwords.verify

    def spy(stored: str, password: str) -> bool:
        checked.append(password)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify", spy)
    _fail(accounts, "tanaka.ichiro", "guess number one")
    assert checked == ["guess number one"]


def test_the_typed_name_of_an_unknown_user_is_not_stored(
        accounts: AccountStore, trail: AuditTrail) -> None:
    _fail(accounts, "correct horse battery", WRONG)  # a password typed into the name field
    entry = trail.latest()[0]
    assert (entry.actor, entry.objects) == (None, {})


def test_five_failures_lock_the_name_and_are_audited(
        accounts: AccountStore, clerk: str, trail: AuditTrail, clock: Clock) -> None:
    for _ in range(5):
        _fail(accounts)
    assert accounts.users()[0].locked_until == clock.now + timedelta(minutes=15)
    _fail(accounts, password=PASSWORD)  # the right password does not open a locked name
    actor = f"user:{clerk}"
    assert _audit(trail) == [(actor, "login_failed", "wrong_password")] * 5 + [
        (actor, "locked", "ok"), (actor, "login_failed", "locked")]


def test_the_lock_ends_after_lock_minutes(accounts: AccountStore, clerk: str,
                                          clock: Clock) -> None:
    for _ in range(5):
        _fail(accounts)
    clock.advance(minutes=14, seconds=59)
    _fail(accounts, password=PASSWORD)
    clock.advance(seconds=1)
    assert accounts.login(clerk, PASSWORD).principal.name == clerk


def test_after_a_lock_the_count_starts_again(accounts: AccountStore, clerk: str,
                                             clock: Clock, trail: AuditTrail) -> None:
    for _ in range(5):
        _fail(accounts)
    clock.advance(minutes=15)
    for _ in range(4):
        _fail(accounts)
    assert accounts.login(clerk, PASSWORD).principal.name == clerk
    assert [a for _, a, _ in _audit(trail)].count(AuditAction.LOCKED.value) == 1


def test_a_success_resets_the_count(accounts: AccountStore, clerk: str) -> None:
    for _ in range(4):
        _fail(accounts)
    accounts.login(clerk, PASSWORD)
    for _ in range(4):
        _fail(accounts)
    assert accounts.users()[0].locked_until is None
    accounts.login(clerk, PASSWORD)


@pytest.mark.parametrize(("max_failures", "lock_minutes"), [(1, 1), (3, 60)])
def test_the_limit_and_the_lock_are_settings(engine: Engine, clock: Clock, max_failures: int,
                                             lock_minutes: int) -> None:
    accounts = AccountStore(engine, max_failures=max_failures,
                            lock_minutes=lock_minutes, clock=clock)
    accounts.add_user(NAME, Role.CLERK, PASSWORD)
    for _ in range(max_failures):
        _fail(accounts)
    assert accounts.users()[0].locked_until == clock.now + timedelta(minutes=lock_minutes)


def test_a_weaker_hash_is_replaced_at_login(accounts: AccountStore, clerk: str, engine: Engine,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(passwords, "_HASHER", stronger)
    accounts.login(clerk, PASSWORD)
    accounts.login(clerk, PASSWORD)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored is not None and not stronger.check_needs_rehash(stored)


def test_login_without_an_audit_trail_still_works(engine: Engine, clock: Clock) -> None:
    accounts = AccountStore(engine, clock=clock)
    accounts.add_user(NAME, Role.ADMIN, PASSWORD)
    _fail(accounts)
    assert accounts.login(NAME, PASSWORD).principal.role is Role.ADMIN
