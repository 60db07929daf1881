"""The first rows of a form file as a clerk would see them in Excel, with the header row the
reader found (or was told), for a page to show and let the clerk pick another."""

import datetime
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from henno.forms.source import DEFAULT_LIMITS, Limits, SheetRow, StreamFormat
from henno.forms.streams import open_source

PREVIEW_ROWS = 10
AFTER_HEADER = 3  # rows after the header always shown, however far down it is
_CELL_CHARS = 40  # enough to recognise a column; a whole reason is not needed here


@dataclass(frozen=True)
class Preview:
    """`rows`: (row number as Excel shows it, cells as text) from the top of the file;
    `header_number`: which of them is the header row."""

    rows: list[tuple[int, list[str]]]
    header_number: int


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        return cell.date().isoformat()
    text = str(cell)
    return text if len(text) <= _CELL_CHARS else text[: _CELL_CHARS - 1] + "…"


def preview(path: Path, fmt: StreamFormat, encoding: str | None = None,
            sheet: str | None = None, limits: Limits = DEFAULT_LIMITS,
            header_row: int | None = None, rows: int = PREVIEW_ROWS) -> Preview:
    """The first `rows` rows (those above the header included; the header and AFTER_HEADER
    rows after it in any case) and the header's number; raises FormFileError as open_source
    does."""
    source = open_source(path, fmt, encoding, sheet, limits, header_row)
    try:
        if fmt == "jsonl":
            records = [list(record.values()) for record in islice(source.rows, rows - 1)]
            numbered = list(enumerate([source.columns, *records], start=1))
        else:
            top = [*source.preamble, SheetRow(source.columns, source.header_number)]
            after = max(rows - len(top), AFTER_HEADER)
            numbered = [(row.number, list(row)) for row in
                        [*top, *islice(source.rows, after)]]
        return Preview([(number, [_text(cell) for cell in cells]) for number, cells in numbered],
                       source.header_number)
    finally:
        source.close()
