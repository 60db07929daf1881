"""An .xlsx output that is the input workbook itself with the label columns added: every other
sheet, number formats, widths, merged cells, fills, fonts, formulas and the rows above the
header stay as they were. Only the added cells are written; they are text when they are text.

The workbook is loaded whole (openpyxl's full mode), so only workbooks up to MAX_KEPT_BYTES
unpacked are kept this way; a bigger one is written by the streaming writer (henno.forms.sink) as
the labelled sheet alone.
"""

import os
import zipfile
from copy import copy
from pathlib import Path
from typing import Any

from henno.forms.cell_width import column_width, shown_width
from henno.forms.xlsx_cells import unpacked_size

# openpyxl's full mode holds about 16 to 20 times the unpacked XML in memory
# (benchmarks/kept_workbook.py): a ten-column ledger of 100,000 rows (55.6 MB unpacked, strings
# inline) peaked at 867 MB in 83 s; at this limit, 36,000 rows (19.9 MB) peaked at 407 MB in
# 37 s. City-hall ledgers are far smaller, and a bigger file is still labelled, streamed.
MAX_KEPT_BYTES = 20 * 2**20


class LabelledRow(list[Any]):
    """An output row (input cells and label values) with the row number Excel shows for its
    input row (None for a file that has none) and the label values alone."""

    def __init__(self, cells: list[Any], number: int | None, added: list[Any]):
        super().__init__(cells)
        self.number = number
        self.added = added


class Percent(str):
    """A share shown as text ("97.3%") in CSV and JSON Lines, and kept as a number (0.973 in
    the format 0.0%) in a workbook, where a clerk can sort and sum it."""

    fraction: float

    def __new__(cls, fraction: float) -> "Percent":
        shown = super().__new__(cls, f"{fraction * 100:.1f}%")
        shown.fraction = fraction
        return shown


PERCENT_FORMAT = "0.0%"


class CannotKeep(Exception):
    """The workbook cannot be kept as it is: write the labelled sheet alone instead."""


def keepable(path: Path) -> bool:
    """Whether the workbook can be kept: an .xlsx (an .xlsm's macros would be lost under its
    name) small enough to be loaded whole, as the zip's directory says."""
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        return unpacked_size(path) <= MAX_KEPT_BYTES
    except (OSError, zipfile.BadZipFile):
        return False


class KeptWorkbook:
    """The input workbook with label columns added to one sheet, saved to a temporary file
    beside the output and renamed into place by commit()."""

    def __init__(self, source: Path, output: Path, sheet_title: str, header_row: int,
                 header: list[str], replaced: list[int], added_names: list[str]):
        import openpyxl

        try:
            self._book = openpyxl.load_workbook(source)
        except Exception as exc:  # openpyxl raises many types for what it cannot keep
            raise CannotKeep(type(exc).__name__) from exc
        if sheet_title not in self._book.sheetnames:
            raise CannotKeep("no such sheet")
        self._sheet = self._book[sheet_title]
        self.output = output
        self.temporary = output.with_name(f".{output.name}.{os.getpid()}.part")
        self._header_row = header_row  # as Excel shows it; the reader found or was told it
        self._header_width = len(header)
        self._first = self._first_added_column(replaced, len(added_names))
        self._added_names = added_names
        self._widest = [0] * len(added_names)  # each added column's widest value, header too

    def _first_added_column(self, replaced: list[int], count: int) -> int:
        """1-based: where a previous labelling's columns were (emptied here) when the new ones
        fit there, else after the last column holding a value."""
        # By the cells the sheet holds: walking its rectangle would visit every empty cell up
        # to the farthest one (one cell at XFD1048576: 17 billion).
        for (row, column), cell in self._sheet._cells.items():
            if column - 1 in replaced and row >= self._header_row:
                cell.value = None
        last = max((column for (_, column), cell in self._sheet._cells.items()
                    if cell.value is not None), default=0)
        if replaced:
            start = replaced[0] + 1
            if all(column > last or column - 1 in replaced
                   for column in range(start, start + count)):
                return start
        return last + 1

    def write(self, rows: list[Any]) -> None:
        """LabelledRows: their label values go on their input row; a row without a number
        (the header) is written on the header row, in the header's style."""
        for row in rows:
            if isinstance(row, LabelledRow) and row.number is not None:
                self._put(row.number, row.added)
            else:
                self._put_header()

    def _put(self, number: int, values: list[Any]) -> None:
        for offset, value in enumerate(values):
            self._widest[offset] = max(self._widest[offset], shown_width(value))
            cell = self._sheet.cell(number, self._first + offset)
            if isinstance(value, Percent):
                cell.value, cell.number_format = value.fraction, PERCENT_FORMAT
                continue
            cell.value = value
            if isinstance(value, str):  # never a formula, whatever it starts with
                cell.data_type = "s"

    def _put_header(self) -> None:
        self._put(self._header_row, self._added_names)
        style = self._sheet.cell(self._header_row, self._header_width)  # its last cell
        for offset in range(len(self._added_names)):
            self._sheet.cell(self._header_row, self._first + offset)._style = copy(style._style)

    def _size_added_columns(self) -> None:
        from openpyxl.utils import get_column_letter

        for offset, widest in enumerate(self._widest):
            letter = get_column_letter(self._first + offset)
            self._sheet.column_dimensions[letter].width = column_width(widest)

    def commit(self) -> None:
        from henno.forms.spool import save_workbook  # openpyxl: only Excel files need it

        self._size_added_columns()
        save_workbook(self._book, self.temporary, self.output)
        os.replace(self.temporary, self.output)

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)
