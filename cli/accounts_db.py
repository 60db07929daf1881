"""The account store and audit trail the CLI commands open, and who the CLI acts as."""

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from henno.settings import get_settings

if TYPE_CHECKING:
    from henno.accounts import AccountStore
    from henno.audit import AuditTrail


def cli_actor() -> str:
    """"cli:<OS user>": who ran the command, as audit entries name it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name and no passwd entry (e.g. a bare container)
        return f"cli:uid{os.getuid()}"


@contextmanager
def opened() -> Iterator[tuple["AccountStore", "AuditTrail"]]:
    """The accounts and the audit trail of the review database, migrated to the newest schema."""
    # SQLAlchemy, Alembic and argon2: only for these commands.
    from henno.accounts import AccountStore
    from henno.audit import AuditTrail
    from henno.review.db import make_engine, upgrade

    settings = get_settings()
    url = settings.review_database_url()
    upgrade(url)
    engine = make_engine(url)
    try:
        trail = AuditTrail(engine)
        yield AccountStore(
            engine, idle_minutes=settings.session_idle_minutes,
            max_hours=settings.session_max_hours, max_failures=settings.login_max_failures,
            lock_minutes=settings.login_lock_minutes, audit=trail), trail
    finally:
        engine.dispose()
