"""The work items: every transition is one conditional UPDATE, so any number of workers on
any number of hosts may share one database; whoever changes a row first wins.

A running item carries a lease its worker renews while it works. A lapsed lease means the
worker died (kill -9, a lost host, a restarted container): `expire` queues the item again
for another worker, or fails it when that happened once already. No process ids, marker
files or locks on a local disk.
"""

import secrets
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from sqlalchemy import ColumnElement, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from henno.review.db import make_engine, upgrade
from henno.work.items import INTERRUPTED, WorkError, WorkItem, WorkKind, WorkStatus
from henno.work.reads import WorkReads, translated
from henno.work.tables import WorkItemRow

Clock = Callable[[], datetime]
DEFAULT_LEASE = timedelta(seconds=30)


def utc_now() -> datetime:
    return datetime.now(UTC)


class WorkBusy(WorkError):
    """Another item of a kind that runs one at a time (retraining) is queued or running."""

    code = "work_busy"


def new_id() -> str:
    return secrets.token_urlsafe(16)


def _rowcount(result: Any) -> int:
    return int(result.rowcount)  # an UPDATE or DELETE gives a CursorResult


class WorkStore(WorkReads):
    """Work items in the database of one SQLAlchemy engine (the review store's)."""

    def __init__(self, engine: Engine, *, lease: timedelta = DEFAULT_LEASE,
                 clock: Clock = utc_now) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.lease = lease
        self._clock = clock

    @classmethod
    def open(cls, url: str, *, lease: timedelta = DEFAULT_LEASE, clock: Clock = utc_now) -> Self:
        """Migrate the database at `url` to the newest schema and open it."""
        with translated():
            upgrade(url)
        return cls(make_engine(url), lease=lease, clock=clock)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def _update(self, item_id: str, where: ColumnElement[bool], **values: Any) -> bool:
        with self._transaction() as session:
            result = session.execute(update(WorkItemRow).where(
                WorkItemRow.id == item_id, where).values(updated_at=self._clock(), **values))
            return _rowcount(result) == 1

    def create(self, kind: WorkKind, owner: str, params: dict[str, Any] | None = None,
               status: WorkStatus = WorkStatus.UPLOADED, item_id: str | None = None) -> WorkItem:
        """A new item (`item_id`: the name its files were stored under); raises WorkBusy
        when a retraining is already queued or running."""
        now, item_id = self._clock(), item_id or new_id()
        row = {"id": item_id, "kind": kind.value, "owner": owner,
               "status": status.value, "params": params or {}, "result": {}, "rows_done": 0,
               "interruptions": 0,
               "created_at": now, "updated_at": now}
        try:
            with self._transaction() as session:
                session.execute(insert(WorkItemRow).values(row))
        except WorkError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise WorkBusy(f"a {kind.value} item is already queued or running") from None
            raise
        found = self.get(item_id)
        assert found is not None  # just inserted; only delete() removes rows
        return found

    def set_params(self, item_id: str, params: dict[str, Any]) -> bool:
        """New choices for an item still waiting for them (uploaded)."""
        return self._update(item_id, WorkItemRow.status == WorkStatus.UPLOADED, params=params)

    def start(self, item_id: str, params: dict[str, Any]) -> bool:
        """uploaded → queued with the final choices; False when already started (a double
        click) or gone."""
        return self._update(item_id, WorkItemRow.status == WorkStatus.UPLOADED,
                            status=WorkStatus.QUEUED, params=params, error_code=None)

    def claim(self, worker: str, kinds: Collection[WorkKind]) -> WorkItem | None:
        """The oldest queued item of these kinds, now running and leased to `worker`."""
        oldest = select(WorkItemRow.id).where(
            WorkItemRow.status == WorkStatus.QUEUED,
            WorkItemRow.kind.in_([kind.value for kind in kinds]),
        ).order_by(WorkItemRow.created_at, WorkItemRow.id).limit(1)
        while True:
            with self._transaction() as session:
                item_id = session.scalar(oldest)
            if item_id is None:
                return None
            now = self._clock()
            if self._update(item_id, WorkItemRow.status == WorkStatus.QUEUED,
                            status=WorkStatus.RUNNING, claimed_by=worker,
                            lease_until=now + self.lease):
                return self.get(item_id)
            # Another worker took it first: look again.

    def _held_by(self, worker: str) -> ColumnElement[bool]:
        return (WorkItemRow.status == WorkStatus.RUNNING) & (WorkItemRow.claimed_by == worker)

    def renew(self, item_id: str, worker: str, rows: int | None = None,
              fraction: float | None = None) -> bool:
        """Extend `worker`'s lease, recording progress; False when the item is no longer
        its own (deleted, or failed as interrupted): the worker should stop."""
        progress: dict[str, Any] = {} if rows is None else {"rows_done": rows,
                                                             "fraction": fraction}
        return self._update(item_id, self._held_by(worker),
                            lease_until=self._clock() + self.lease, **progress)

    def finish(self, item_id: str, worker: str, result: dict[str, Any]) -> bool:
        """running → done, only by the lease holder."""
        return self._update(item_id, self._held_by(worker), status=WorkStatus.DONE,
                            result=result, claimed_by=None, lease_until=None)

    def fail(self, item_id: str, worker: str, error_code: str,
             result: dict[str, Any] | None = None) -> bool:
        """running → failed, only by the lease holder."""
        return self._update(item_id, self._held_by(worker), status=WorkStatus.FAILED,
                            error_code=error_code, result=result or {}, claimed_by=None,
                            lease_until=None)

    def release(self, item_id: str, worker: str) -> bool:
        """running → queued by the lease holder that stops (a service shutting down)."""
        return self._update(item_id, self._held_by(worker), status=WorkStatus.QUEUED,
                            claimed_by=None, lease_until=None, rows_done=0, fraction=None)

    def expire(self) -> int:
        """Running items whose lease has lapsed (their worker died): queued again for any
        worker the first time, failed as interrupted the second; how many."""
        now = self._clock()
        lapsed = (WorkItemRow.status == WorkStatus.RUNNING) & (WorkItemRow.lease_until < now)
        freed = {"claimed_by": None, "lease_until": None, "updated_at": now}
        with self._transaction() as session:
            queued = session.execute(update(WorkItemRow).where(
                lapsed, WorkItemRow.interruptions == 0,
            ).values(status=WorkStatus.QUEUED, interruptions=1, rows_done=0, fraction=None,
                     **freed))
            failed = session.execute(update(WorkItemRow).where(lapsed).values(
                status=WorkStatus.FAILED, error_code=INTERRUPTED,
                interruptions=WorkItemRow.interruptions + 1, **freed))
            return _rowcount(queued) + _rowcount(failed)

    def delete(self, item_id: str) -> bool:
        """Forget the item; a worker running it finds out at its next renewal."""
        with self._transaction() as session:
            result = session.execute(delete(WorkItemRow).where(WorkItemRow.id == item_id))
            return _rowcount(result) == 1

    def now(self) -> datetime:
        return self._clock()
