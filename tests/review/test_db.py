import fcntl
import multiprocessing
import stat
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

# Their ORM classes share the review tables' metadata (one database, one migration history).
import henno.accounts.tables
import henno.audit.tables
import henno.work.tables  # noqa: F401
from henno.review.db import alembic_config, downgrade, make_engine, upgrade
from henno.review.errors import ReviewStoreError
from henno.review.tables import Base

REVIEW_TABLES = {"review_items", "review_decisions"}
ACCOUNT_TABLES = {"users", "user_sessions", "api_keys", "audit_entries"}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def test_upgrade_creates_the_tables_at_the_script_head(any_db_url: str) -> None:
    upgrade(any_db_url)
    assert _tables(any_db_url) >= REVIEW_TABLES
    head = ScriptDirectory.from_config(alembic_config(any_db_url)).get_current_head()
    assert head is not None
    assert _revision(any_db_url) == head


def test_downgrade_removes_the_tables_and_upgrade_restores_them(any_db_url: str) -> None:
    upgrade(any_db_url)
    downgrade(any_db_url)
    assert not REVIEW_TABLES & _tables(any_db_url)
    assert _revision(any_db_url) is None
    upgrade(any_db_url)
    assert _tables(any_db_url) >= REVIEW_TABLES


def test_accounts_audit_goes_down_and_up_again(any_db_url: str) -> None:
    upgrade(any_db_url, "0003_accounts_audit")
    assert _tables(any_db_url) >= REVIEW_TABLES | ACCOUNT_TABLES
    downgrade(any_db_url, "0002")
    assert not ACCOUNT_TABLES & _tables(any_db_url)
    assert _tables(any_db_url) >= REVIEW_TABLES
    upgrade(any_db_url, "0003_accounts_audit")
    assert _tables(any_db_url) >= REVIEW_TABLES | ACCOUNT_TABLES


def test_upgrade_twice_changes_nothing(any_db_url: str) -> None:
    upgrade(any_db_url)
    upgrade(any_db_url)
    assert _tables(any_db_url) >= REVIEW_TABLES


def test_constraints_have_the_names_the_orm_gives_them(any_db_url: str) -> None:
    # compare_metadata does not compare CHECK constraints; a later migration drops them by name.
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    try:
        names = {c["name"] for c in inspect(engine).get_check_constraints("review_items")}
    finally:
        engine.dispose()
    assert names == {"ck_review_items_status"}


@pytest.mark.parametrize(("table", "check"), [("users", "ck_users_role"),
                                              ("api_keys", "ck_api_keys_role")])
def test_role_checks_have_the_names_the_orm_gives_them(any_db_url: str, table: str,
                                                        check: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    try:
        names = {c["name"] for c in inspect(engine).get_check_constraints(table)}
    finally:
        engine.dispose()
    assert names == {check}


def test_migrations_create_exactly_the_orm_schema(any_db_url: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_offline_migration_prints_sql(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    command.upgrade(alembic_config(db_url), "head", sql=True)
    assert "CREATE TABLE review_items" in capsys.readouterr().out


def test_a_new_sqlite_file_is_private(db_path: Path, db_url: str) -> None:
    upgrade(db_url)
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == 30000
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(("url", "message"), [
    ("sqlite://", "the review store needs a SQLite file, not an in-memory database"),
    ("sqlite:///:memory:", "the review store needs a SQLite file, not an in-memory database"),
    ("not a url", "HENNO_DATABASE_URL is not usable: Could not parse SQLAlchemy URL"),
    ("nosuchdb://host/db", "HENNO_DATABASE_URL is not usable: Can't load plugin"),
    # The message must not echo the URL: it may hold a password.
    ("postgresql+psycopg://u:secret@h:notaport/x",
     "HENNO_DATABASE_URL is not a valid database URL"),
])
def test_unusable_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(ReviewStoreError) as caught:
        upgrade(url)
    assert str(caught.value).startswith(message)


def test_processes_upgrading_a_new_database_at_once_all_succeed(any_db_url: str) -> None:
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        pool.map(upgrade, [any_db_url] * 3)
    assert _tables(any_db_url) >= REVIEW_TABLES


def test_a_folder_as_database_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReviewStoreError) as caught:
        upgrade(f"sqlite:///{tmp_path}")
    assert str(caught.value) == f"cannot create the review database {tmp_path}: Is a directory"


def test_a_database_from_a_newer_henno_is_refused(any_db_url: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(ReviewStoreError) as caught:
        upgrade(any_db_url)
    assert str(caught.value) == (
        "the review database cannot be migrated: Can't locate revision identified by '9999'")


def _lock_is_free(path: str, answer: "multiprocessing.Queue[bool]") -> None:
    with open(path, "r+b") as probe:
        try:
            fcntl.lockf(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            answer.put(False)
        else:
            answer.put(True)


def test_another_engine_keeps_this_processs_sqlite_locks(db_path: Path, db_url: str) -> None:
    # SQLite's locks are POSIX record locks: closing ANY descriptor of the file drops every
    # lock the process holds on it. A second make_engine (the app makes several) that
    # opened the file would let another process believe it is alone, check the WAL in and
    # delete it under this one (one uvicorn worker's database then failed for good).
    upgrade(db_url)
    with open(db_path, "r+b") as held:  # stands for SQLite's own lock on the file
        fcntl.lockf(held, fcntl.LOCK_SH)
        make_engine(db_url).dispose()
        answer: multiprocessing.Queue[bool] = multiprocessing.get_context("spawn").Queue()
        probe = multiprocessing.get_context("spawn").Process(
            target=_lock_is_free, args=(str(db_path), answer))
        probe.start()
        probe.join(30)
        assert answer.get(timeout=5) is False
