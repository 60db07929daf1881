"""A migrated database per test, a clock the test moves, and cheap password hashes."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine

from henno.accounts import AccountStore, Role, passwords
from henno.audit import AuditTrail
from henno.review.db import make_engine, upgrade
from tests.review.postgres import fresh_database, postgres_server

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# Fictional account; 12 characters and more, as the store demands.
NAME = "sato.hanako"
PASSWORD = "correct horse battery"


class Clock:
    """Now, as the test says: moved by hand, never read from the machine."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Argon2id's defaults take 64 MiB and tens of milliseconds per hash; the tests hash
    # hundreds of times. test_passwords.py checks the real parameters.
    monkeypatch.setattr(passwords, "_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state' / 'henno.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, db_url: str) -> str:
    if request.param == "sqlite":
        return db_url
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    upgrade(db_url)
    made = make_engine(db_url)
    yield made
    made.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def trail(engine: Engine, clock: Clock) -> AuditTrail:
    return AuditTrail(engine, clock=clock)


@pytest.fixture
def accounts(engine: Engine, clock: Clock, trail: AuditTrail) -> AccountStore:
    return AccountStore(engine, clock=clock, audit=trail)


@pytest.fixture
def clerk(accounts: AccountStore) -> str:
    accounts.add_user(NAME, Role.CLERK, PASSWORD)
    return NAME
