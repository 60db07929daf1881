"""The rows of a labelled file that wait for a clerk's review, as review items."""

from dataclasses import replace
from typing import Any

from model.labels import LABELS
from review.items import NewItem
from review.redaction import redact_for_storage


def flagged_items(source_file: str, first_row: int, cells: list[Any], added: list[list[Any]],
                  header_row: int = 1, file_hash: str | None = None) -> list[NewItem]:
    """Rows of one labelled chunk (cells and their labelling.predict.ADDED_COLUMNS) that are
    flagged needs_review, have a label, and keep some text once personal data is taken out.
    `first_row` counts data rows from 1; an item's row is the one Excel shows, below the
    header in row `header_row` (0 for a file without one, such as JSON Lines)."""
    return [NewItem(str(cell), row[0], dict(zip(LABELS, row[4:9], strict=True)), source_file,
                    header_row + first_row + i, file_hash=file_hash)
            for i, (cell, row) in enumerate(zip(cells, added, strict=True))
            if row[3] is True and row[0] and redact_for_storage(str(cell))]


def with_record_ids(items: list[NewItem], id_column: str,
                    cells: dict[int, str]) -> list[NewItem]:
    """The items with the identifying cell (受付番号…) of their row, where it has one."""
    return [replace(item, id_column=id_column, record_id=cells.get(item.source_row))
            for item in items]
