import hashlib

import pytest
from sqlalchemy import Engine, text

from henno.accounts import AccountError, AccountStore, KeyInfo, Principal, Role
from tests.accounts.conftest import START, Clock


def test_a_key_gives_its_principal(accounts: AccountStore) -> None:
    key = accounts.create_key("nightly-batch", Role.ADMIN)
    assert key.startswith("henno_") and len(key) >= 6 + 43
    assert accounts.key_principal(key) == Principal(kind="key", name="nightly-batch",
                                                    role=Role.ADMIN)


def test_keys_are_random(accounts: AccountStore) -> None:
    assert accounts.create_key("a", Role.CLERK) != accounts.create_key("b", Role.CLERK)


def test_the_database_holds_only_the_keys_sha256(accounts: AccountStore,
                                                 engine: Engine) -> None:
    key = accounts.create_key("nightly-batch", Role.CLERK)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM api_keys")).one()
    assert hashlib.sha256(key.encode()).hexdigest() in row
    assert not any(key in str(value) for value in row)


@pytest.mark.parametrize("key", ["", "henno_", "henno_" + "A" * 43, "x" * 10_000])
def test_unknown_keys_give_no_principal(accounts: AccountStore, key: str) -> None:
    accounts.create_key("nightly-batch", Role.CLERK)
    assert accounts.key_principal(key) is None


def test_a_revoked_key_gives_no_principal(accounts: AccountStore, clock: Clock) -> None:
    key = accounts.create_key("nightly-batch", Role.ADMIN)
    clock.advance(days=1)
    accounts.revoke_key("nightly-batch")
    assert accounts.key_principal(key) is None
    clock.advance(days=1)
    accounts.revoke_key("nightly-batch")  # again: nothing changes
    assert accounts.keys() == [KeyInfo(name="nightly-batch", role=Role.ADMIN, created_at=START,
                                       revoked_at=START.replace(day=START.day + 1))]


def test_keys_are_listed_by_name(accounts: AccountStore) -> None:
    accounts.create_key("zeta", Role.CLERK)
    accounts.create_key("alpha", Role.ADMIN)
    listed = accounts.keys()
    assert [(k.name, k.role) for k in listed] == [("alpha", Role.ADMIN), ("zeta", Role.CLERK)]


@pytest.mark.parametrize(("action", "message"), [
    ("create taken", "API key nightly already exists"),
    ("create revoked name", "API key nightly already exists"),
    ("revoke unknown", "API key other does not exist"),
    ("bad name", "a key name has 1 to 64 characters: words separated by single spaces, "
                 "without control characters"),
])
def test_key_changes_refused(accounts: AccountStore, action: str, message: str) -> None:
    accounts.create_key("nightly", Role.CLERK)
    if action == "create revoked name":
        accounts.revoke_key("nightly")
    with pytest.raises(AccountError) as caught:
        if action.startswith("create"):
            accounts.create_key("nightly", Role.CLERK)
        elif action == "revoke unknown":
            accounts.revoke_key("other")
        else:
            accounts.create_key("nightly ", Role.CLERK)
    assert str(caught.value) == message
