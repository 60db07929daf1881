"""A migrated database per test and a clock the test moves."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from henno.audit import AuditTrail
from henno.review.db import make_engine, upgrade
from tests.accounts.conftest import Clock


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    upgrade(url)
    made = make_engine(url)
    yield made
    made.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def trail(engine: Engine, clock: Clock) -> AuditTrail:
    return AuditTrail(engine, clock=clock)
