"""The clerks' labels as a CSV file `henno train --data` can read."""

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from henno.forms.inert import inert
from henno.forms.text_file import write_text_file
from henno.review.items import ReviewItem
from henno.review.redaction import redact_file_name, text_key

COLUMNS = ("text", "label", "model_label", "reviewed_by", "reviewed_at", "source_file",
           "source_row")


def latest_per_text(items: Iterable[ReviewItem]) -> list[ReviewItem]:
    """One item per distinct text: the one decided last (`items` oldest decision first)."""
    latest: dict[str, ReviewItem] = {}
    for item in items:
        key = text_key(item.text)
        latest.pop(key, None)
        latest[key] = item
    return list(latest.values())


def _row(item: ReviewItem) -> list[object]:
    reviewed_at = item.reviewed_at.isoformat(timespec="seconds") if item.reviewed_at else ""
    # Residents wrote the text: "=HYPERLINK(…)" must not run when an analyst opens the file.
    return [inert(item.text), item.reviewer_label, item.model_label,
            # A name stored before names were redacted is redacted on the way out.
            inert(item.reviewed_by or ""), reviewed_at, inert(redact_file_name(item.source_file)),
            item.source_row]


def write_csv(items: list[ReviewItem], path: Path) -> int:
    """Write `items` to a temporary file beside `path`, then rename it into place."""
    def fill(handle: TextIO) -> int:
        # With a BOM, as Excel needs to show Japanese; henno train reads it either way.
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_row(item) for item in items)
        return len(items)

    return write_text_file(path, fill)
