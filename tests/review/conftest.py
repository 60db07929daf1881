"""A fresh review database per test, and small builders of review items."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from henno.review.db import make_engine
from henno.review.store import NewItem, ReviewStore
from henno.review.tables import DecisionRow
from tests.review.postgres import fresh_database, postgres_server

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def new_item(text: str = "転居のため返納します", margin: float = 0.2, row: int = 1,
             label: str = "relocation", source_file: str = "forms.csv") -> NewItem:
    """A flagged row whose two best scores are `margin` apart."""
    return NewItem(text=text, model_label=label, scores={label: 0.6, "other": 0.6 - margin},
                   source_file=source_file, source_row=row)


def decision_rows(url: str) -> list[tuple[int, str, str, bool]]:
    """(item_id, reviewer, label, undone) of every decision row, oldest first."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            query = select(DecisionRow.item_id, DecisionRow.reviewer, DecisionRow.label,
                           DecisionRow.undone).order_by(DecisionRow.id)
            return [(item, reviewer, label, undone)
                    for item, reviewer, label, undone in connection.execute(query)]
    finally:
        engine.dispose()


def decision_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(DecisionRow))
                       .scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "review.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh database of each kind the store supports (SQLite, PostgreSQL)."""
    if request.param == "sqlite":
        return f"sqlite:///{db_path}"
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def store(db_url: str) -> Iterator[ReviewStore]:
    with ReviewStore.open(db_url) as opened:
        yield opened
