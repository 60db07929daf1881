"""The review store: flagged predictions wait here for a clerk's label.

Every method runs in its own short transaction, so one store may serve many threads, and
several processes may share one database. Claims and decisions are conditional UPDATEs:
whoever changes the row first wins, the others see a row count of 0.
"""

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import ColumnElement, Engine, Select, delete, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from henno.review.db import make_engine, upgrade
from henno.review.errors import ReviewConflict, ReviewItemNotFound, ReviewStoreError
from henno.review.export import latest_per_text, write_csv
from henno.review.file_items import decided_query, drop_stored, grouped, progress, progress_query
from henno.review.items import (
    NewItem,
    ReviewCounts,
    ReviewItem,
    check_label,
    check_reviewer,
    new_row,
    to_item,
)
from henno.review.tables import DECIDED, PENDING, DecisionRow, ItemRow

__all__ = ["DEFAULT_LEASE", "NewItem", "ReviewConflict", "ReviewCounts", "ReviewItem",
           "ReviewItemNotFound", "ReviewStore", "ReviewStoreError"]

DEFAULT_LEASE = timedelta(minutes=10)
_QUEUE_ORDER = (ItemRow.margin, ItemRow.created_at, ItemRow.id)


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def _claimable(reviewer: str, now: datetime) -> ColumnElement[bool]:
    return (ItemRow.status == PENDING) & or_(
        ItemRow.claimed_until.is_(None), ItemRow.claimed_until < now,
        ItemRow.claimed_by == reviewer)


class _Overtaken(Exception):
    """A conditional update found the row already changed by someone else."""


def _rowcount(result: Any) -> int:
    # Session.execute is typed as returning Result; an UPDATE or DELETE gives a CursorResult.
    return int(result.rowcount)


class ReviewStore:
    """Review items and decisions in the database at one SQLAlchemy URL."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Self:
        """Migrate the database at `url` to the newest schema and open it."""
        with _translated():
            upgrade(url)
        return cls(make_engine(url))

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with _translated(), self._sessions.begin() as session:
            yield session

    def add_items(self, items: Iterable[NewItem], now: datetime | None = None) -> int:
        """Store flagged rows as pending items, texts redacted; returns how many are new.
        Identical texts of one file (same file_hash) are one item listing all their rows; a
        file queued before (same hash, or same name and row) adds nothing again."""
        created = _utc(now)
        rows = grouped(new_row(item, created) for item in items)
        if not rows:
            return 0
        with self._transaction() as session:
            drop_stored(session, rows)
            if rows:
                session.execute(insert(ItemRow), list(rows.values()))
        return len(rows)

    def file_progress(self, hashes: Collection[str]) -> dict[str, tuple[int, int]]:
        """(pending, decided) items of each file hash that has items."""
        if not hashes:
            return {}
        with self._transaction() as session:
            return progress(session.execute(progress_query(hashes)).all())

    def decisions(self, file_hash: str | None = None,
                  text_keys: Collection[str] | None = None) -> dict[str, ReviewItem]:
        """The latest decided item per text key, of one file or of the given texts."""
        with self._transaction() as session:
            return {row.text_key: to_item(row) for row in session.scalars(
                decided_query(file_hash, text_keys))}

    def claim_next(self, reviewer: str, lease: timedelta = DEFAULT_LEASE,
                   now: datetime | None = None) -> ReviewItem | None:
        """The item `reviewer` holds, else the most uncertain free one, held for `lease`."""
        check_reviewer(reviewer)
        now = _utc(now)
        held = select(ItemRow.id).where(
            ItemRow.status == PENDING, ItemRow.claimed_by == reviewer,
            ItemRow.claimed_until >= now).order_by(*_QUEUE_ORDER).limit(1)
        free = select(ItemRow.id).where(_claimable(reviewer, now)).order_by(
            *_QUEUE_ORDER).limit(1)
        while True:
            with self._transaction() as session:
                item_id = session.scalar(held)
                if item_id is None:
                    item_id = session.scalar(free)
                if item_id is None:
                    return None
                claim = update(ItemRow).where(ItemRow.id == item_id, _claimable(reviewer, now))
                result = session.execute(claim.values(claimed_by=reviewer,
                                                      claimed_until=now + lease))
                if _rowcount(result) == 1:
                    return self._item(session, item_id)

    def decide(self, item_id: int, reviewer: str, label: str,
               now: datetime | None = None) -> ReviewItem:
        """Record `reviewer`'s label for the item; refused if decided or held by another."""
        check_reviewer(reviewer)
        check_label(label)
        now = _utc(now)
        with self._transaction() as session:
            result = session.execute(
                update(ItemRow).where(ItemRow.id == item_id, _claimable(reviewer, now)).values(
                    status=DECIDED, reviewer_label=label, reviewed_by=reviewer,
                    reviewed_at=now, claimed_by=None, claimed_until=None))
            if _rowcount(result) == 0:
                self._refusal(session, item_id)
            session.execute(insert(DecisionRow).values(
                item_id=item_id, reviewer=reviewer, label=label, decided_at=now, undone=False))
            return self._item(session, item_id)

    def _refusal(self, session: Session, item_id: int) -> None:
        status = session.scalar(select(ItemRow.status).where(ItemRow.id == item_id))
        if status is None:
            raise ReviewItemNotFound(f"review item {item_id} does not exist")
        if status == DECIDED:
            raise ReviewConflict(f"review item {item_id} is already decided")
        raise ReviewConflict(f"review item {item_id} is held by another reviewer")

    def last_decided(self, reviewer: str) -> int | None:
        """The item of `reviewer`'s latest decision that is not undone, if any."""
        with self._transaction() as session:
            return session.scalar(self._latest_decision(reviewer).with_only_columns(
                DecisionRow.item_id))

    @staticmethod
    def _latest_decision(reviewer: str) -> Select[int, int]:
        return select(DecisionRow.id, DecisionRow.item_id).where(
            DecisionRow.reviewer == reviewer, DecisionRow.undone.is_(False)).order_by(
            DecisionRow.decided_at.desc(), DecisionRow.id.desc()).limit(1)

    def undo_last(self, reviewer: str, item_id: int | None = None,
                  lease: timedelta = DEFAULT_LEASE,
                  now: datetime | None = None) -> ReviewItem | None:
        """Take back `reviewer`'s latest decision; the item is pending and theirs again.
        With `item_id`, only if that latest decision is about this item: a repeated request
        (a double click, a retry) then takes back nothing more."""
        check_reviewer(reviewer)
        now = _utc(now)
        latest = self._latest_decision(reviewer)
        while True:
            try:
                with self._transaction() as session:
                    found = session.execute(latest).first()
                    if found is None:
                        return None
                    decision_id, decided_item = found
                    if item_id is not None and decided_item != item_id:
                        return None
                    self._reopen(session, decision_id, decided_item, reviewer, now + lease)
                    return self._item(session, decided_item)
            except _Overtaken:
                continue

    def _reopen(self, session: Session, decision_id: int, item_id: int, reviewer: str,
                until: datetime) -> None:
        undone = session.execute(update(DecisionRow).where(
            DecisionRow.id == decision_id, DecisionRow.undone.is_(False)).values(undone=True))
        reopened = session.execute(update(ItemRow).where(
            ItemRow.id == item_id, ItemRow.status == DECIDED, ItemRow.reviewed_by == reviewer,
        ).values(status=PENDING, reviewer_label=None, reviewed_by=None, reviewed_at=None,
                 claimed_by=reviewer, claimed_until=until))
        if _rowcount(undone) != 1 or _rowcount(reopened) != 1:
            raise _Overtaken  # another call undid it first: roll back, take the next one
        # So the reopened item is the one claim_next shows this reviewer next.
        session.execute(update(ItemRow).where(
            ItemRow.claimed_by == reviewer, ItemRow.status == PENDING, ItemRow.id != item_id,
        ).values(claimed_by=None, claimed_until=None))

    def _item(self, session: Session, item_id: int) -> ReviewItem:
        return to_item(session.execute(select(ItemRow).where(ItemRow.id == item_id)).scalar_one())

    def counts(self) -> ReviewCounts:
        with self._transaction() as session:
            found = dict(session.execute(
                select(ItemRow.status, func.count()).group_by(ItemRow.status)).all())
        return ReviewCounts(pending=found.get(PENDING, 0), decided=found.get(DECIDED, 0))

    def get(self, item_id: int) -> ReviewItem | None:
        with self._transaction() as session:
            row = session.get(ItemRow, item_id)
            return None if row is None else to_item(row)

    def reviewed(self) -> list[ReviewItem]:
        """Decided items, oldest decision first."""
        with self._transaction() as session:
            rows = session.scalars(select(ItemRow).where(ItemRow.status == DECIDED).order_by(
                ItemRow.reviewed_at, ItemRow.id))
            return [to_item(row) for row in rows]

    def reviewed_labels(self) -> list[tuple[str, str]]:
        """(stored text, clerk's label) of every decided item, oldest decision first: the
        rows `henno train --feedback` and the page's retraining merge."""
        return [(item.text, item.reviewer_label) for item in self.reviewed()
                if item.reviewer_label is not None]

    def export_csv(self, path: Path) -> int:
        """Write the clerks' labels as CSV, one row per distinct text; returns the row count."""
        return write_csv(latest_per_text(self.reviewed()), path)

    def purge(self, older_than: timedelta, now: datetime | None = None) -> int:
        """Delete items created before `now - older_than`, with their decisions."""
        cutoff = _utc(now) - older_than
        with self._transaction() as session:
            result = session.execute(delete(ItemRow).where(ItemRow.created_at < cutoff))
            return _rowcount(result)


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise ReviewStoreError(f"the review database failed: {reason}") from exc
