"""Migration 0004_work_items: what it creates is what the ORM describes, and it goes down
and up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import henno.work.tables  # noqa: F401  (registers work_items in the shared metadata)
from henno.review.db import downgrade, make_engine, upgrade
from henno.review.tables import Base


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_migration_matches_the_orm(any_db_url: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert [d for d in differences if "work_items" in repr(d)] == []


def test_work_items_go_down_and_up_again(any_db_url: str) -> None:
    upgrade(any_db_url, "0004_work_items")
    assert "work_items" in _tables(any_db_url)
    downgrade(any_db_url, "0003_accounts_audit")
    assert "work_items" not in _tables(any_db_url)
    assert "audit_entries" in _tables(any_db_url)
    upgrade(any_db_url)
    assert "work_items" in _tables(any_db_url)
