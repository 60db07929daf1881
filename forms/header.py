"""Finding the header row of a ledger as offices keep it: a title (often merged across the
columns), notes such as 「※取扱注意」 and blank rows may sit above it. They are kept, never
labelled; the header is the first row naming a reason column, else the first row of several
text cells, else the first row holding anything. `header_row` (1-based, as Excel shows it)
overrides the guess."""

from collections.abc import Iterator
from itertools import chain
from typing import Any

from henno.forms.columns import TEXT_COLUMN_NAMES, fold
from henno.forms.source import SheetRow
from henno.model.errors import FormFileError

SCAN_ROWS = 30  # rows looked at for the header; a title block is a few rows at most
_HEADER_CELL_CHARS = 20  # a column name; a longer cell is a note or a form
_REASON_CHARS = 12
_NAMES = {name.replace(" ", "") for name in TEXT_COLUMN_NAMES}


def _texts(row: list[Any]) -> list[str]:
    return [str(cell).strip() for cell in row if cell is not None and str(cell).strip()]


def _is_reason_header(cell: str) -> bool:
    # Stricter than find_text_column: a form's text may mention 理由 ("特に理由はない"); a
    # column name ends with it (返納の理由（自由記載）, 返納事由) or starts with "reason".
    folded = fold(cell)
    return folded in _NAMES or (len(folded) <= _REASON_CHARS and (
        folded.endswith(("理由", "事由")) or folded.startswith("reason")))


def _names_a_reason(row: list[Any]) -> bool:
    cells = _texts(row)
    if len(cells) == 1:  # a lone cell is a header only if it is one (a note may say 理由)
        return fold(cells[0]) in _NAMES
    return any(_is_reason_header(cell) for cell in cells)


def _looks_like_header(row: list[Any]) -> bool:
    cells = [cell for cell in row if cell is not None and str(cell).strip()]
    return len(cells) >= 2 and all(isinstance(cell, str) and len(cell) <= _HEADER_CELL_CHARS
                                   for cell in cells)


def guess_header(rows: list[list[Any]]) -> int | None:
    """Index in `rows` of the header row, or None when every row is empty."""
    filled = [i for i, row in enumerate(rows) if _texts(row)]
    for test in (_names_a_reason, _looks_like_header):
        found = next((i for i in filled if test(rows[i])), None)
        if found is not None:
            return found
    return filled[0] if filled else None


def _chosen(rows: list[SheetRow], header_row: int | None) -> int:
    if header_row is None:
        index = guess_header(list(rows))
        if index is None:
            raise FormFileError("the file has no header row", code="not_tabular")
        return index
    index = next((i for i, row in enumerate(rows) if row.number == header_row), None)
    if index is None or not _texts(rows[index]):
        raise FormFileError(f"row {header_row} is empty or missing: it cannot be the header "
                            "row", code="header_row_not_found")
    return index


def split_header(rows: Iterator[SheetRow], header_row: int | None = None,
                 ) -> tuple[list[SheetRow], SheetRow, Iterator[SheetRow]]:
    """(rows above the header, the header, the rows after it) of a stream of numbered rows;
    only the rows up to the header (SCAN_ROWS at most when it is guessed) are held."""
    if header_row is not None and header_row < 1:
        raise FormFileError("the header row is counted from 1, as Excel shows it",
                            code="header_row_not_found")
    scanned: list[SheetRow] = []
    for row in rows:
        scanned.append(row)
        if header_row is None and len(scanned) >= SCAN_ROWS:
            break
        if header_row is not None and row.number >= header_row:
            break
    index = _chosen(scanned, header_row)
    return scanned[:index], scanned[index], chain(scanned[index + 1:], rows)
