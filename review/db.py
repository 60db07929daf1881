"""Engines for the review database, with the right SQLite settings, and its migrations.

Tables are created and changed only by the Alembic migrations in `migrations/`; `upgrade`
and `downgrade` run them from Python.
"""

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import ArgumentError

from henno.review.errors import ReviewStoreError

MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x68656E6E6F


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file gets its folder (0700), WAL, a busy timeout and FKs."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _prepare_sqlite_file(parsed)
        # Parameters are reason texts: keep them out of error messages and logs.
        engine = create_engine(parsed, hide_parameters=True)
    except (ArgumentError, ImportError) as exc:
        raise ReviewStoreError(f"HENNO_DATABASE_URL is not usable: {exc}") from None
    except ValueError:  # e.g. a port that is not a number; the URL may hold a password
        raise ReviewStoreError("HENNO_DATABASE_URL is not a valid database URL") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
    return engine


def _prepare_sqlite_file(url: URL) -> None:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise ReviewStoreError("the review store needs a SQLite file, not an in-memory database")
    path = Path(url.database)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # SQLite gives its -wal and -shm files the database file's permissions. Only a new
        # file is opened: closing any descriptor of an existing one would drop every SQLite
        # lock this process holds on it (POSIX record locks), and another process could then
        # check the WAL in and delete it under this one's connections.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if path.is_dir():
            raise ReviewStoreError(f"cannot create the review database {path}: "
                                   f"{os.strerror(errno.EISDIR)}") from None
    except OSError as exc:
        raise ReviewStoreError(
            f"cannot create the review database {path}: {exc.strerror or exc}") from None


def _sqlite_settings(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def alembic_config(url: str) -> Config:
    """Alembic's configuration for the review migrations, without an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the review database at `url` up to `revision` (creating it when new)."""
    _migrate(url, command.upgrade, revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the review database down to `revision`; "base" drops every table."""
    _migrate(url, command.downgrade, revision)


def _migrate(url: str, run: Callable[[Config, str], None], revision: str) -> None:
    engine = make_engine(url)
    config = alembic_config(url)
    try:
        with engine.connect() as connection:
            _lock_for_migration(connection)
            config.attributes["connection"] = connection
            run(config, revision)
            connection.commit()
    except CommandError as exc:  # e.g. a database migrated by a newer henno
        raise ReviewStoreError(f"the review database cannot be migrated: {exc}") from None
    finally:
        engine.dispose()


def _lock_for_migration(connection: Connection) -> None:
    # Several processes (uvicorn workers) may open a new database at once: the first one
    # migrates, the others wait for it and then find the database at head.
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
