"""Reading work items: one item, an owner's, the latest of a kind, the expired ones."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from henno.work.items import WorkError, WorkItem, WorkKind, WorkStatus
from henno.work.tables import WorkItemRow


def _item(row: WorkItemRow) -> WorkItem:
    return WorkItem(id=row.id, kind=WorkKind(row.kind), owner=row.owner,
                    status=WorkStatus(row.status), created_at=row.created_at,
                    updated_at=row.updated_at, params=dict(row.params),
                    result=dict(row.result), rows_done=row.rows_done, fraction=row.fraction,
                    error_code=row.error_code, claimed_by=row.claimed_by,
                    lease_until=row.lease_until, interruptions=row.interruptions)


class WorkReads:
    _sessions: sessionmaker[Session]

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with translated(), self._sessions.begin() as session:
            yield session

    def get(self, item_id: str) -> WorkItem | None:
        with self._transaction() as session:
            row = session.get(WorkItemRow, item_id)
            return None if row is None else _item(row)

    def owned(self, owner: str, kind: WorkKind) -> list[WorkItem]:
        """The owner's items of this kind, newest first."""
        query = select(WorkItemRow).where(WorkItemRow.owner == owner, WorkItemRow.kind == kind)
        return self._items(query.order_by(WorkItemRow.created_at.desc(), WorkItemRow.id))

    def latest(self, kind: WorkKind) -> WorkItem | None:
        query = select(WorkItemRow).where(WorkItemRow.kind == kind)
        found = self._items(query.order_by(WorkItemRow.created_at.desc()).limit(1))
        return found[0] if found else None

    def created_before(self, kind: WorkKind, cutoff: datetime) -> list[str]:
        with self._transaction() as session:
            return list(session.scalars(select(WorkItemRow.id).where(
                WorkItemRow.kind == kind, WorkItemRow.created_at < cutoff)))

    def _items(self, query: Any) -> list[WorkItem]:
        with self._transaction() as session:
            return [_item(row) for row in session.scalars(query)]


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise WorkError(f"the work database failed: {reason}") from exc
