"""Streaming form files: read rows in chunks and write them back, in CSV, .xlsx or JSON Lines.

Memory stays flat whatever the row count: CSV and JSON Lines are read line by line, .xlsx
through openpyxl's read-only and write-only modes.
"""

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from model.errors import FormFileError

StreamFormat = Literal["csv", "xlsx", "jsonl"]
FORMATS: tuple[StreamFormat, ...] = ("csv", "xlsx", "jsonl")
MEDIA_TYPES: dict[StreamFormat, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl",
}
_EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl",
               ".ndjson": "jsonl"}
_SAMPLE_BYTES = 1 << 20
INVALID_LINE = "#invalid_line"  # key holding a JSON Lines line that is not a JSON object
# A cell may be long, but a single cell larger than this is refused for its row.
MAX_CELL_CHARS = 1 << 20
csv.field_size_limit(MAX_CELL_CHARS)
# Bytes that decode in neither encoding become lone surrogates (and are written back as the
# same bytes), so one bad cell is reported on its row instead of stopping the whole file.
ERRORS = "surrogateescape"


def format_of(path: Path, override: str | None = None) -> StreamFormat:
    if override:
        if override not in FORMATS:
            raise FormFileError(f"unknown format {override!r}; use one of {', '.join(FORMATS)}")
        return override
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise FormFileError(f"cannot tell the format of {path.name} from its extension; "
                            f"pass --format ({', '.join(FORMATS)})", code="unsupported_format")
    return found  # type: ignore[return-value]


def detect_encoding(sample: bytes) -> str:
    """utf-8-sig, utf-8 or cp932, judged on the first megabyte."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)  # a character cut at the end is fine
            return encoding
        except UnicodeDecodeError:
            continue
    return "utf-8"


@dataclass
class Source:
    """An open input: its header, its rows in chunks, and how far reading has got."""

    columns: list[str]
    format: StreamFormat
    encoding: str
    rows: Iterator[Any]
    handle: IO[Any] | None
    total_bytes: int
    line_terminator: str = "\r\n"
    sheet_title: str = "labelled"

    def chunks(self, size: int) -> Iterator[list[Any]]:
        chunk: list[Any] = []
        for row in self.rows:
            chunk.append(row)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def bytes_read(self) -> int:
        if self.handle is None:
            return 0
        try:
            return int(self.handle.buffer.tell()) if hasattr(self.handle, "buffer") else 0
        except (OSError, ValueError):
            return 0

    def fraction_read(self) -> float | None:
        """How much of the input has been read, 0..1; None when that cannot be known."""
        done = self.bytes_read()
        if not done or not self.total_bytes:
            return None
        return min(done / self.total_bytes, 1.0)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def open_source(path: Path, fmt: StreamFormat, encoding: str | None = None,
                sheet: str | None = None) -> Source:
    if not path.is_file():
        raise FormFileError(f"no such file: {path}", code="not_found")
    total = path.stat().st_size
    if total == 0:
        raise FormFileError(f"{path} is empty", code="empty_file")
    if fmt == "xlsx":
        return _open_xlsx(path, sheet, total)
    with open(path, "rb") as probe:
        sample = probe.read(_SAMPLE_BYTES)
    if b"\x00" in sample:
        raise FormFileError(f"{path} holds NUL bytes: not a text file", code="not_tabular")
    chosen = encoding or detect_encoding(sample)
    check_encoding(chosen)
    terminator = "\r\n" if b"\r\n" in sample else "\n"
    handle = open(path, encoding=chosen, errors=ERRORS, newline="")  # noqa: SIM115
    if fmt == "jsonl":
        return _open_jsonl(handle, chosen, total)
    reader = csv.reader(handle, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error, UnicodeError) as exc:
        handle.close()
        raise FormFileError(f"{path} has no readable header row", code="not_tabular") from exc
    if not any(cell.strip() for cell in header):
        handle.close()
        raise FormFileError(f"{path} has an empty header row", code="not_tabular")
    return Source(header, "csv", chosen, _csv_rows(reader, len(header)), handle, total,
                  terminator)


class UnreadableRow(list[str]):
    """A CSV row the reader could not return (a cell over MAX_CELL_CHARS): kept as a row of
    empty cells so every other row keeps its place, and explained in the error column."""


def _csv_rows(reader: Any, width: int) -> Iterator[list[str]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeError as exc:
            raise FormFileError(f"cannot decode the file: {exc}", code="undecodable") from exc
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                # e.g. a quote opened and never closed: the rest of the file would be one cell
                raise FormFileError(f"not a valid CSV file near line {reader.line_num}: {exc}",
                                    code="not_tabular") from exc
            yield UnreadableRow([""] * width)
            continue
        yield row


def _open_jsonl(handle: IO[str], encoding: str, total: int) -> Source:
    first_line = handle.readline()
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError as exc:
        handle.close()
        raise FormFileError("the first line is not a JSON object", code="not_tabular") from exc
    if not isinstance(first, dict):
        handle.close()
        raise FormFileError("the first line is not a JSON object", code="not_tabular")

    def rows() -> Iterator[dict[str, Any]]:
        yield first
        for line in handle:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                value = None
            yield value if isinstance(value, dict) else {INVALID_LINE: line.rstrip("\r\n")}

    return Source(list(first), "jsonl", encoding, rows(), handle, total)


def _open_xlsx(path: Path, sheet: str | None, total: int) -> Source:
    import openpyxl

    from forms.table import check_xlsx_size

    check_xlsx_size(path)  # reads the zip directory, not the file
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise FormFileError(f"could not read {path.name} as .xlsx: {type(exc).__name__}",
                            code="not_tabular") from exc
    if sheet is not None and sheet not in book.sheetnames:
        raise FormFileError(f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}")
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows = (list(row) for row in worksheet.iter_rows(values_only=True))
    header = next(rows, None)
    if header is None or not any(cell is not None for cell in header):
        raise FormFileError(f"the sheet of {path.name} has no header row", code="not_tabular")
    return Source(["" if c is None else str(c) for c in header], "xlsx", "", rows, None, total,
                  sheet_title=worksheet.title)


def check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise FormFileError(f"unknown encoding {encoding!r}", code="unknown_encoding") from exc
