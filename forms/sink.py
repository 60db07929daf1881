"""Writing a labelled form file: rows go to a temporary file beside the output, renamed into
place only when the whole file is written."""

import contextlib
import csv
import json
import os
import re
from pathlib import Path
from typing import IO, Any

from henno.forms.inert import inert_row
from henno.forms.streams import ERRORS, StreamFormat, check_encoding
from henno.forms.workbook import PERCENT_FORMAT, Percent
from henno.model.errors import FormFileError

_SURROGATE = re.compile("[\ud800-\udfff]")
# openpyxl types a string starting with "=" as a formula and "#DIV/0!" and the like as an
# error when it is assigned; every other string is written as a string already, and making
# a cell object for each of them would cost half as much time again on a big file.
_TYPED_AWAY = ("=", "#")


class Sink:
    """Writes rows to a temporary file next to the output, renamed into place by commit().
    Text cells are always text: never an .xlsx formula, and in a CSV `for_excel` (one a person
    opens in Excel) never a cell Excel would run (henno.forms.inert)."""

    def __init__(self, output: Path, fmt: StreamFormat, encoding: str, terminator: str,
                 sheet_title: str = "labelled", for_excel: bool = False):
        if fmt != "xlsx":
            check_encoding(encoding)
        self.output = output
        self.format = fmt
        self.encoding = encoding
        self.for_excel = for_excel
        self.temporary = output.with_name(f".{output.name}.{os.getpid()}.part")
        self._book: Any = None
        self._spool: Any = None
        self._handle: IO[str] | None = None
        self._writer: Any = None
        if fmt == "xlsx":
            import openpyxl

            from henno.forms.spool import stream_sheet

            self._book = openpyxl.Workbook(write_only=True)
            self._writer = self._book.create_sheet(sheet_title)
            self._spool = stream_sheet(self._writer, output)
        else:
            self._handle = open(self.temporary, "w", encoding=encoding, errors=ERRORS,  # noqa: SIM115
                                newline="")
            if fmt == "csv":
                self._writer = csv.writer(self._handle, lineterminator=terminator)

    def write(self, rows: list[Any]) -> None:
        try:
            if self.format == "jsonl":
                assert self._handle is not None
                self._handle.write("".join(_json_line(row) for row in rows))
            elif self.format == "csv":
                self._writer.writerows(map(inert_row, rows) if self.for_excel else rows)
            else:
                for row in rows:
                    self._writer.append([self._excel_cell(cell) for cell in row])
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise FormFileError(
                f"cannot write {bad!r} in {self.encoding}: it has no form in that encoding; "
                "choose another --encoding-out (e.g. utf-8-sig)", code="unencodable") from exc

    def _excel_cell(self, value: Any) -> Any:
        """The value, or a cell object where openpyxl's own typing would be wrong."""
        if isinstance(value, Percent):
            return self._cell(value.fraction, number_format=PERCENT_FORMAT)
        if isinstance(value, str) and value.startswith(_TYPED_AWAY):
            # Typed back to a string after the assignment, it is written as an inline string.
            return self._cell(value, data_type="s")
        return value

    def _cell(self, value: Any, **attributes: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self._writer, value)
        for name, setting in attributes.items():
            setattr(cell, name, setting)
        return cell

    def commit(self) -> None:
        if self._book is not None:
            from henno.forms.spool import save_workbook

            save_workbook(self._book, self.temporary, self.output)
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        os.replace(self.temporary, self.output)

    def discard(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):  # closing flushes: fails again on a full disk
                self._handle.close()
        if self._spool is not None:
            rows = self._writer._rows  # openpyxl's row generator: ended before its file closes
            with contextlib.suppress(Exception):
                if rows is not None:
                    rows.close()
            self._spool.abandon()
        self.temporary.unlink(missing_ok=True)


def _json_line(row: Any) -> str:
    line = json.dumps(row, ensure_ascii=False, default=str)
    if _SURROGATE.search(line):  # escaped lone surrogates from the input: keep them escaped
        line = json.dumps(row, default=str)
    return line + "\n"


