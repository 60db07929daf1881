"""`henno feedback ...`, and the reviewed rows `henno train --feedback` merges."""

import argparse
from datetime import timedelta
from typing import TYPE_CHECKING

from henno.model.errors import HennoError
from henno.settings import get_settings

if TYPE_CHECKING:
    from henno.review.store import ReviewStore


MAX_RETENTION_DAYS = 36500  # a hundred years; also HENNO_REVIEW_RETENTION_DAYS's limit


def _store() -> "ReviewStore":
    from henno.review.store import ReviewStore  # SQLAlchemy and Alembic: only for these commands

    return ReviewStore.open(get_settings().review_database_url())


def reviewed_rows() -> list[tuple[str, str]]:
    """(text, label) of every decided item, oldest decision first."""
    with _store() as store:
        return store.reviewed_labels()


def export(args: argparse.Namespace) -> int:
    with _store() as store:
        rows = store.export_csv(args.output)
    print(f"wrote {rows} reviewed rows to {args.output}")
    return 0


def purge(args: argparse.Namespace) -> int:
    days = args.older_than_days
    if days is None:
        days = get_settings().review_retention_days
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise HennoError(f"--older-than-days must be between 1 and {MAX_RETENTION_DAYS}")
    with _store() as store:
        deleted = store.purge(timedelta(days=days))
    print(f"deleted {deleted} review items created more than {days} days ago")
    return 0


def stats(args: argparse.Namespace) -> int:
    with _store() as store:
        counts = store.counts()
    print(f"pending {counts.pending} · decided {counts.decided}")
    return 0
