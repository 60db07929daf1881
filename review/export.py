"""The clerks' labels as a CSV file `henno train --data` can read."""

import csv
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from henno.forms.inert import inert
from henno.model.errors import HennoError
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
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                            suffix=".tmp")
    except OSError as exc:
        raise HennoError(f"cannot write {path}: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        # With a BOM, as Excel needs to show Japanese; henno train reads it either way.
        with open(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(_row(item) for item in items)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise HennoError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return len(items)
