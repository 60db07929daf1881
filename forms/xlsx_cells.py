"""Reading an .xlsx sheet by the cells it really holds, in bounded memory.

openpyxl's read-only `iter_rows` pads every missing row up to the sheet's declared
`<dimension>` and width: a 1.6 KB file declaring A1:XFD1048576 would need about 130 GB. Here
the sheet's XML is parsed as a stream: only rows holding a value are produced, each with its
row number as Excel shows it, and a value beyond the row or column limit refuses the file.
The dimension tag is never read.
"""

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from henno.forms.header import split_header
from henno.forms.shared_strings import BoundedReader
from henno.forms.source import Limits, SheetRow, Source, too_many_columns, too_many_rows
from henno.model.errors import FormFileError

MAX_XLSX_UNPACKED_BYTES = 200 * 2**20  # refuse zip bombs before anything is inflated
# A ledger's rows hold a few texts each (a name, an office, a reason): more different texts
# than this per allowed row is not a ledger.
STRINGS_PER_ROW = 4
_ROW = f"{{{SHEET_MAIN_NS}}}row"
_CELL = f"{{{SHEET_MAIN_NS}}}c"
_FORMULA = f"{{{SHEET_MAIN_NS}}}f"
# What openpyxl raises on a hand-made or damaged sheet: bad coordinates or row numbers, a
# shared string that is missing, broken XML (ParseError is a SyntaxError).
_DAMAGED = (CellCoordinatesException, ValueError, KeyError, IndexError, TypeError, SyntaxError)


def unpacked_size(path: Path) -> int:
    """The bytes a zip unpacks to, as its directory says (the members are not read)."""
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def check_xlsx_size(path: Path) -> None:
    """Refuse a zip that is broken or unpacks past MAX_XLSX_UNPACKED_BYTES; only the zip's
    directory is read."""
    try:
        unpacked = unpacked_size(path)
    except zipfile.BadZipFile as exc:
        raise FormFileError("not a valid .xlsx file", code="not_tabular") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FormFileError("the .xlsx file is too large once unpacked", code="too_large")


def open_xlsx(path: Path, sheet: str | None, limits: Limits,
              header_row: int | None = None) -> Source:
    """The sheet (default: the first) as a Source of SheetRows after its header row."""
    check_xlsx_size(path)  # reads the zip directory, not the file
    book = _workbook(path, STRINGS_PER_ROW * limits.max_rows)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FormFileError(f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}",
                                code="no_such_sheet")
        worksheet = book[sheet] if sheet else book.worksheets[0]
        preamble, header, rows = split_header(SheetReader(book, worksheet, limits).rows(),
                                              header_row)
    except BaseException:
        book.close()
        raise
    return Source(["" if cell is None else str(cell) for cell in header], "xlsx", "", rows,
                  None, path.stat().st_size, sheet_title=worksheet.title, closer=book.close,
                  preamble=preamble, header_number=header.number)


def _workbook(path: Path, max_strings: int) -> Any:
    """The read-only openpyxl workbook, its shared strings bounded."""
    reader: BoundedReader | None = None
    try:
        reader = BoundedReader(path, max_strings)
        reader.read()
        return reader.wb
    except FormFileError:
        reader.archive.close()  # type: ignore[union-attr]  # read() raised: reader exists
        raise
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        if reader is not None:
            reader.archive.close()
        raise FormFileError(f"could not read the file as .xlsx: {type(exc).__name__}",
                            code="not_tabular") from exc


class SheetReader:
    """Rows of one worksheet of an open read-only openpyxl workbook, parsed from its XML."""

    def __init__(self, book: Any, worksheet: Any, limits: Limits):
        self.book = book
        self.worksheet = worksheet
        self.limits = limits

    def rows(self) -> Iterator[SheetRow]:
        try:
            with self.worksheet._get_source() as xml:
                yield from self._rows(xml)
        except _DAMAGED as exc:
            raise FormFileError(f"could not read the sheet: {type(exc).__name__}",
                                code="not_tabular") from exc

    def _rows(self, xml: Any) -> Iterator[SheetRow]:
        parser = WorkSheetParser(xml, self.worksheet._shared_strings, data_only=True,
                                 epoch=self.book.epoch, date_formats=self.book._date_formats,
                                 timedelta_formats=self.book._timedelta_formats)
        # A finished element is dropped from its parent at once (except inside a cell, read
        # whole when it ends), so the tree never holds more than one row.
        stack: list[Any] = []
        cells: dict[int, Any] = {}
        formulas: set[int] = set()
        produced = open_cells = 0
        for event, element in iterparse(xml, events=("start", "end")):
            if event == "start":
                stack.append(element)
                open_cells += element.tag == _CELL
                if element.tag == _ROW:
                    _start_row(parser, element)
                    cells, formulas = {}, set()
                continue
            stack.pop()
            if element.tag == _CELL:
                open_cells -= 1
                self._add_cell(parser, element, cells, formulas)
            elif element.tag == _ROW and cells:
                produced += 1
                if produced > self.limits.max_rows:  # row numbers may repeat: count rows too
                    raise too_many_rows(self.limits.max_rows)
                yield _sheet_row(parser.row_counter, cells, formulas)
            if stack and not open_cells:
                stack[-1].clear()

    def _add_cell(self, parser: WorkSheetParser, element: Any, cells: dict[int, Any],
                  formulas: set[int]) -> None:
        cell = parser.parse_cell(element)
        formula = element.find(_FORMULA) is not None
        if cell["value"] is None and not formula:  # a styled empty cell holds nothing to read
            return
        if cell["column"] > self.limits.max_columns:
            raise too_many_columns(self.limits.max_columns)
        if cell["row"] > self.limits.max_rows:
            raise too_many_rows(self.limits.max_rows)
        cells[cell["column"]] = cell["value"]
        if formula:  # kept even without a cached result: a 合計 row is not a form
            formulas.add(cell["column"] - 1)


def _start_row(parser: WorkSheetParser, element: Any) -> None:
    number = element.get("r")
    parser.row_counter = int(number) if number is not None else parser.row_counter + 1
    parser.col_counter = 0


def _sheet_row(number: int, cells: dict[int, Any], formulas: set[int]) -> SheetRow:
    values: list[Any] = [None] * max(cells)
    for column, value in cells.items():
        values[column - 1] = value
    return SheetRow(values, number, frozenset(formulas))
