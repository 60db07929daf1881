"""Review items by the file they come from: identical texts of one file are one item, a file
queued again adds nothing, and a file's decisions can be applied back to it."""

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from henno.review.tables import DECIDED, PENDING, ItemRow

Identity = tuple[Any, ...]


def _identity(row: dict[str, Any]) -> Identity:
    if row["file_hash"]:
        return ("file", row["file_hash"], row["text_key"])
    return ("row", row["source_file"], row["source_row"], row["text_key"])


def grouped(rows: Iterable[dict[str, Any]]) -> dict[Identity, dict[str, Any]]:
    """One row per text of a file (the first occurrence, with every row in same_rows); rows
    without a file hash are identified by their file name and row, as before."""
    found: dict[Identity, dict[str, Any]] = {}
    for row in rows:
        first = found.setdefault(_identity(row), row)
        if first is not row and row["source_row"] not in first["same_rows"]:
            first["same_rows"] = [*first["same_rows"], row["source_row"]]
    return found


def drop_stored(session: Session, rows: dict[Identity, dict[str, Any]]) -> None:
    """Leave out the rows of files already queued, and rows already stored."""
    hashes = {row["file_hash"] for row in rows.values() if row["file_hash"]}
    queued = set(session.scalars(select(ItemRow.file_hash).where(
        ItemRow.file_hash.in_(hashes)).distinct())) if hashes else set()
    files = {row["source_file"] for row in rows.values() if not row["file_hash"]}
    stored = {("row", *identity) for identity in session.execute(select(
        ItemRow.source_file, ItemRow.source_row, ItemRow.text_key).where(
        ItemRow.source_file.in_(files), ItemRow.file_hash.is_(None))).all()} if files else set()
    for identity, row in list(rows.items()):
        if row["file_hash"] in queued or identity in stored:
            del rows[identity]


def progress_query(hashes: Collection[str]) -> Select[str | None, str, int]:
    """(file hash, status, item count) of the files' items."""
    return select(ItemRow.file_hash, ItemRow.status, func.count()).where(
        ItemRow.file_hash.in_(hashes)).group_by(ItemRow.file_hash, ItemRow.status)


def progress(found: Iterable[tuple[str | None, str, int]]) -> dict[str, tuple[int, int]]:
    """file hash -> (pending, decided) items."""
    counts: dict[str, tuple[int, int]] = {}
    for file_hash, status, count in found:
        if file_hash is not None:
            pending, decided = counts.get(file_hash, (0, 0))
            counts[file_hash] = (pending + count * (status == PENDING),
                                 decided + count * (status == DECIDED))
    return counts


def decided_query(file_hash: str | None = None,
                  text_keys: Collection[str] | None = None) -> Select[ItemRow]:
    """Decided items of one file, or of some texts, oldest decision first."""
    query = select(ItemRow).where(ItemRow.status == DECIDED)
    if file_hash is not None:
        query = query.where(ItemRow.file_hash == file_hash)
    if text_keys is not None:
        query = query.where(ItemRow.text_key.in_(text_keys))
    return query.order_by(ItemRow.reviewed_at, ItemRow.id)
