"""The rows of a labelled file that wait for a clerk's review, as review items."""

from typing import Any

from model.labels import LABELS
from review.items import NewItem
from review.redaction import redact_for_storage


def flagged_items(source_file: str, first_row: int, cells: list[Any],
                  added: list[list[Any]]) -> list[NewItem]:
    """Rows of one labelled chunk (cells and their labelling.predict.ADDED_COLUMNS) that are
    flagged needs_review, have a label, and keep some text once personal data is taken out."""
    return [NewItem(str(cell), row[0], dict(zip(LABELS, row[4:9], strict=True)), source_file,
                    first_row + i)
            for i, (cell, row) in enumerate(zip(cells, added, strict=True))
            if row[3] is True and row[0] and redact_for_storage(str(cell))]
