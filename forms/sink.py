"""Writing a labelled form file: rows go to a temporary file beside the output, renamed into
place only when the whole file is written."""

import contextlib
import csv
import json
import os
import re
from pathlib import Path
from typing import IO, Any

from forms.streams import ERRORS, StreamFormat, check_encoding
from model.errors import FormFileError

_SURROGATE = re.compile("[\ud800-\udfff]")


class Sink:
    """Writes rows to a temporary file next to the output, renamed into place by commit()."""

    def __init__(self, output: Path, fmt: StreamFormat, encoding: str, terminator: str,
                 sheet_title: str = "labelled"):
        if fmt != "xlsx":
            check_encoding(encoding)
        self.output = output
        self.format = fmt
        self.encoding = encoding
        self.temporary = output.with_name(f".{output.name}.{os.getpid()}.part")
        self._book: Any = None
        self._handle: IO[str] | None = None
        self._writer: Any = None
        if fmt == "xlsx":
            import openpyxl

            self._book = openpyxl.Workbook(write_only=True)
            self._writer = self._book.create_sheet(sheet_title)
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
                self._writer.writerows(rows)
            else:
                for row in rows:
                    self._writer.append(row)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            raise FormFileError(
                f"cannot write {bad!r} in {self.encoding}: it has no form in that encoding; "
                "choose another --encoding-out (e.g. utf-8-sig)", code="unencodable") from exc

    def commit(self) -> None:
        if self._book is not None:
            self._book.save(self.temporary)
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
        os.replace(self.temporary, self.output)

    def discard(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):  # closing flushes: fails again on a full disk
                self._handle.close()
        self.temporary.unlink(missing_ok=True)


def _json_line(row: Any) -> str:
    line = json.dumps(row, ensure_ascii=False, default=str)
    if _SURROGATE.search(line):  # escaped lone surrogates from the input: keep them escaped
        line = json.dumps(row, default=str)
    return line + "\n"


