from datetime import timedelta
from typing import cast

import pytest
from sqlalchemy import Engine, text

from henno.accounts import AccountError, AccountStore, Role, UserInfo
from tests.accounts.conftest import NAME, PASSWORD, START, Clock

BAD_USER_NAME = ("a user name has 1 to 64 characters: words separated by single spaces, "
                 "without control characters")


def test_add_user_lists_it_without_its_password(accounts: AccountStore) -> None:
    accounts.add_user(NAME, Role.ADMIN, PASSWORD)
    assert accounts.users() == [UserInfo(name=NAME, role=Role.ADMIN, disabled=False,
                                         locked_until=None, created_at=START,
                                         last_login_at=None)]


def test_users_are_listed_by_name(accounts: AccountStore) -> None:
    for name in ("suzuki", "ito", "tanaka"):
        accounts.add_user(name, Role.CLERK, PASSWORD)
    assert [user.name for user in accounts.users()] == ["ito", "suzuki", "tanaka"]


@pytest.mark.parametrize(("name", "role", "password", "message"), [
    (NAME, "clerk", "short pass1", "the password is too short: use at least 12 characters"),
    (NAME, "clerk", "x" * 1025, "the password is too long: use at most 1024 characters"),
    (NAME, "root", PASSWORD, "the role must be clerk or admin"),
    ("", "clerk", PASSWORD, BAD_USER_NAME),
    (" 佐藤 花子", "clerk", PASSWORD, BAD_USER_NAME),
    ("佐藤 花子 ", "clerk", PASSWORD, BAD_USER_NAME),
    ("佐藤  花子", "clerk", PASSWORD, BAD_USER_NAME),
    ("佐藤\u3000花子", "clerk", PASSWORD, BAD_USER_NAME),  # the CLI makes it an ASCII space
    ("佐藤\t花子", "clerk", PASSWORD, BAD_USER_NAME),
    ("佐藤\n花子", "clerk", PASSWORD, BAD_USER_NAME),
    ("佐藤\x85花子", "clerk", PASSWORD, BAD_USER_NAME),
    ("x" * 65, "clerk", PASSWORD, BAD_USER_NAME),
    ("sato\x1b[2J", "clerk", PASSWORD, BAD_USER_NAME),
])
def test_add_user_refuses_bad_input(accounts: AccountStore, name: str, role: str,
                                    password: str, message: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.add_user(name, cast(Role, role), password)
    assert str(caught.value) == message
    assert accounts.users() == []


@pytest.mark.parametrize("name", ["佐藤花子", "佐藤 花子", "Sato Hanako",
                                  "ア" * 31 + " " + "イ" * 32])
def test_add_user_accepts_a_name_with_single_inner_spaces(accounts: AccountStore,
                                                          name: str) -> None:
    accounts.add_user(name, Role.CLERK, PASSWORD)
    assert [user.name for user in accounts.users()] == [name]
    assert accounts.login(name, PASSWORD).principal.name == name


def test_add_user_refuses_a_name_taken(accounts: AccountStore, clerk: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.add_user(clerk, Role.ADMIN, "another password 2")
    assert str(caught.value) == f"user {clerk} already exists"


def test_the_database_holds_an_argon2id_hash_not_the_password(
        accounts: AccountStore, engine: Engine, clerk: str) -> None:
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(("change", "message"), [
    ("disable", "user nobody does not exist"),
    ("enable", "user nobody does not exist"),
    ("reset", "user nobody does not exist"),
])
def test_changing_an_unknown_user_is_refused(accounts: AccountStore, change: str,
                                             message: str) -> None:
    with pytest.raises(AccountError) as caught:
        if change == "reset":
            accounts.reset_password("nobody", PASSWORD)
        else:
            accounts.set_disabled("nobody", change == "disable")
    assert str(caught.value) == message


def test_reset_password_refuses_a_short_one(accounts: AccountStore, clerk: str) -> None:
    with pytest.raises(AccountError) as caught:
        accounts.reset_password(clerk, "tooshort")
    assert str(caught.value) == "the password is too short: use at least 12 characters"
    accounts.login(clerk, PASSWORD)


def test_disable_then_enable_shows_in_the_list(accounts: AccountStore, clerk: str) -> None:
    accounts.set_disabled(clerk, True)
    assert accounts.users()[0].disabled
    accounts.set_disabled(clerk, False)
    assert not accounts.users()[0].disabled


def test_enable_lifts_a_lock(accounts: AccountStore, clerk: str, clock: Clock) -> None:
    _lock(accounts, clerk)
    assert accounts.users()[0].locked_until == clock.now + timedelta(minutes=15)
    accounts.set_disabled(clerk, False)
    assert accounts.users()[0].locked_until is None
    accounts.login(clerk, PASSWORD)


def test_reset_password_lifts_a_lock(accounts: AccountStore, clerk: str) -> None:
    _lock(accounts, clerk)
    accounts.reset_password(clerk, "a new password 42")
    accounts.login(clerk, "a new password 42")


def _lock(accounts: AccountStore, name: str) -> None:
    for _ in range(5):
        with pytest.raises(Exception, match="login refused"):
            accounts.login(name, "wrong password!")


@pytest.mark.parametrize(("setup", "expected"), [
    ("nothing", False),
    ("user", True),
    ("disabled user", True),
    ("key", True),
    ("revoked key", False),
])
def test_has_credentials(accounts: AccountStore, setup: str, expected: bool) -> None:
    if "user" in setup:
        accounts.add_user(NAME, Role.CLERK, PASSWORD)
        accounts.set_disabled(NAME, setup == "disabled user")
    if "key" in setup:
        accounts.create_key("nightly", Role.CLERK)
        if setup == "revoked key":
            accounts.revoke_key("nightly")
    assert accounts.has_credentials() is expected
