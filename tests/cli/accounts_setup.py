"""What the account commands' tests share: cheap hashes, a fixed OS user, stdin helpers."""

import io
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher

from henno.accounts import AccountStore, passwords
from henno.audit import AuditTrail
from henno.review.db import make_engine, upgrade

PASSWORD = "correct horse battery"
ACTOR = "cli:yamada"


@pytest.fixture(autouse=True)
def accounts_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    # Argon2id's real parameters are tested in tests/accounts/test_passwords.py.
    monkeypatch.setattr(passwords, "_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    # Only the CLI's view of the OS user: pytest names its temporary folders after the real one.
    monkeypatch.setattr("henno.cli.accounts_db.getpass",
                        SimpleNamespace(getuser=lambda: "yamada"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def stdin(monkeypatch: pytest.MonkeyPatch, text: str, terminal: bool = False) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(text) if terminal else io.StringIO(text))


def audit_rows(url: str) -> list[tuple[str | None, str, str, dict[str, str | int]]]:
    """(actor, action, outcome, objects) of every audit entry, oldest first."""
    engine = make_engine(url)
    try:
        return [(e.actor, e.action.value, e.outcome, e.objects)
                for e in reversed(AuditTrail(engine).latest(1000))]
    finally:
        engine.dispose()


def accounts_at(url: str) -> Iterator[AccountStore]:
    upgrade(url)
    engine = make_engine(url)
    try:
        yield AccountStore(engine)
    finally:
        engine.dispose()
