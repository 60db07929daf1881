"""Audit entries as CSV: one writer for `henno audit export` and anything else that needs it."""

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from henno.forms.inert import inert

if TYPE_CHECKING:
    from henno.audit.trail import AuditEntry

COLUMNS = ("time", "actor", "action", "outcome", "objects")


def _objects(objects: dict[str, str | int]) -> str:
    return "; ".join(f"{key}={value}" for key, value in sorted(objects.items()))


def write_entries(out: TextIO, entries: Iterable["AuditEntry"]) -> int:
    """Write a header and one row per entry; returns the number of entries."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for entry in entries:
        # A user or file name may start with "=": it must not run when the CSV opens in Excel.
        writer.writerow([entry.at.isoformat(timespec="seconds"), inert(entry.actor or ""),
                         entry.action.value, inert(entry.outcome),
                         inert(_objects(entry.objects))])
        count += 1
    return count
