"""The rows of a labelled file that wait for a clerk's review, as review items."""

from dataclasses import replace
from typing import Any

from henno.model.labels import LABELS
from henno.review.items import NewItem
from henno.review.redaction import redact_for_storage


def flagged_items(source_file: str, first_row: int, cells: list[Any], added: list[list[Any]],
                  header_row: int = 1, file_hash: str | None = None) -> list[NewItem]:
    """Rows of one labelled chunk (cells and their henno.labelling.predict.ADDED_COLUMNS) that are
    flagged needs_review, have a label, and keep some text once personal data is taken out.
    `first_row` counts data rows from 1; an item's row is the one Excel shows, below the
    header in row `header_row` (0 for a file without one, such as JSON Lines)."""
    return [NewItem(str(cell), row[0], dict(zip(LABELS, row[4:9], strict=True)), source_file,
                    header_row + first_row + i, file_hash=file_hash)
            for i, (cell, row) in enumerate(zip(cells, added, strict=True))
            if row[3] is True and row[0] and redact_for_storage(str(cell))]


def with_origins(items: list[NewItem], origins: dict[int, tuple[int, str | None]],
                 id_column: str | None) -> list[NewItem]:
    """Items numbered by data row (header_row=0 above) renumbered as Excel shows their rows,
    with the identifying cell (受付番号…) of `id_column`: `origins` maps a data row to its
    (row as Excel shows it, identifying cell)."""
    placed = []
    for item in items:
        row, record = origins.get(item.source_row, (item.source_row, None))
        placed.append(replace(item, source_row=row, id_column=id_column if record else None,
                              record_id=record))
    return placed
