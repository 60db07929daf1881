"""A fresh work store per test on a clock the test moves; SQLite and PostgreSQL."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from henno.work.store import WorkStore
from tests.review.conftest import postgres
from tests.review.postgres import fresh_database

__all__ = ["Clock", "postgres"]
START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


class Clock:
    """A clock that moves only when the test says so."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state' / 'henno.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database of each kind the work layer supports (SQLite, PostgreSQL)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def work(any_db_url: str, clock: Clock) -> Iterator[WorkStore]:
    store = WorkStore.open(any_db_url, lease=LEASE, clock=clock)
    yield store
    store.close()
