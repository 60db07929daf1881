"""The append-only audit table: entries are added, read, exported and purged by age only."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TextIO

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from henno.audit.actions import AuditAction
from henno.audit.clock import utc_now
from henno.audit.export import write_entries
from henno.audit.tables import AuditRow
from henno.model.errors import HennoError

# Long enough for an id, a redacted file name or a version; too short for most reason texts,
# which belong in no audit entry.
MAX_VALUE_CHARS = 255
MAX_OUTCOME_CHARS = 32


class AuditError(HennoError):
    code = "audit"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str | None
    action: AuditAction
    outcome: str
    objects: dict[str, str | int]


def _checked(outcome: str, objects: dict[str, Any]) -> dict[str, str | int]:
    if not outcome or len(outcome) > MAX_OUTCOME_CHARS:
        raise AuditError(f"an audit outcome has 1 to {MAX_OUTCOME_CHARS} characters")
    for key, value in objects.items():
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise AuditError(f"audit object {key} must be a string or an integer")
        if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
            raise AuditError(f"audit object {key} is longer than {MAX_VALUE_CHARS} characters")
    return dict(objects)


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(id=row.id, at=row.at, actor=row.actor, action=AuditAction(row.action),
                      outcome=row.outcome, objects=dict(row.objects))


class AuditTrail:
    """Audit entries in the database of one SQLAlchemy engine (the review store's)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise AuditError(f"the audit table failed: {reason}") from exc

    def record(self, actor: str | None, action: AuditAction, outcome: str = "ok",
               **objects: str | int) -> None:
        """Append one entry; `objects` are ids, redacted file names, counts — never a text."""
        values = _checked(outcome, objects)
        with self._transaction() as session:
            session.execute(insert(AuditRow).values(
                at=self._clock(), actor=actor, action=AuditAction(action).value,
                outcome=outcome, objects=values))

    def latest(self, limit: int = 50) -> list[AuditEntry]:
        """The newest `limit` entries, newest first."""
        with self._transaction() as session:
            rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))
            return [_entry(row) for row in rows]

    def export(self, out: TextIO, since: datetime | None = None) -> int:
        """Write the entries (from `since` on), oldest first, as CSV; returns the row count."""
        query = select(AuditRow).order_by(AuditRow.id)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        with self._transaction() as session:
            rows = session.scalars(query.execution_options(yield_per=1000))
            return write_entries(out, (_entry(row) for row in rows))

    def purge(self, retention_days: int, *, actor: str | None = None) -> int:
        """Delete entries older than `retention_days`; a purge that deleted any is recorded."""
        if retention_days < 1:
            raise AuditError("the audit retention is at least 1 day")
        cutoff = self._clock() - timedelta(days=retention_days)
        with self._transaction() as session:
            deleted = int(session.execute(delete(AuditRow).where(AuditRow.at < cutoff))
                          .rowcount)  # type: ignore[attr-defined]
        if deleted:
            self.record(actor, AuditAction.AUDIT_PURGED, rows=deleted,
                        retention_days=retention_days)
        return deleted
