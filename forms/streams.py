"""Opening form files as streams of rows: CSV and JSON Lines line by line, .xlsx by the cells
its sheet holds. The one reader of the CLI, the API and the page.

Memory stays flat whatever the row count; a file beyond the row or column limit is refused.
"""

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from henno.forms.decoding import (
    ERRORS,
    check_encoding,
    check_line_encoding,
    check_not_legacy_excel,
    detect_encoding,
    legacy_excel,
)
from henno.forms.header import split_header
from henno.forms.jsonl import INVALID_LINE, open_jsonl
from henno.forms.lines import decoded_lines
from henno.forms.source import (
    DEFAULT_LIMITS,
    FORMATS,
    Limits,
    SheetRow,
    Source,
    StreamFormat,
    size_of,
    too_many_columns,
    too_many_rows,
)
from henno.forms.xlsx_cells import open_xlsx
from henno.model.errors import FormFileError

__all__ = ["DEFAULT_LIMITS", "ERRORS", "FORMATS", "INVALID_LINE", "MAX_CELL_CHARS",
           "MEDIA_TYPES", "Limits", "SheetRow", "Source", "StreamFormat", "UnreadableRow",
           "check_encoding", "detect_encoding", "format_of", "open_source", "sniff_encoding"]
MEDIA_TYPES: dict[StreamFormat, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl",
}
_EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".jsonl": "jsonl",
               ".ndjson": "jsonl"}
_SAMPLE_BYTES = 1 << 20
# A cell may be long, but a single cell larger than this is refused for its row.
MAX_CELL_CHARS = 1 << 20


def format_of(path: Path, override: str | None = None) -> StreamFormat:
    if override:
        if override not in FORMATS:
            raise FormFileError(f"unknown format {override!r}; use one of {', '.join(FORMATS)}")
        return override
    if path.suffix.lower() == ".xls":
        raise legacy_excel()
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise FormFileError(f"cannot tell the format of {path.name} from its extension; "
                            f"pass --format ({', '.join(FORMATS)})", code="unsupported_format")
    return found  # type: ignore[return-value]


def open_source(path: Path, fmt: StreamFormat, encoding: str | None = None,
                sheet: str | None = None, limits: Limits = DEFAULT_LIMITS,
                header_row: int | None = None) -> Source:
    """The file's header (found, or row `header_row` as Excel shows it), the rows above it and
    a stream of the rows after it; a file that cannot be read is refused."""
    if not path.is_file():
        raise FormFileError(f"no such file: {path}", code="not_found")
    with open(path, "rb") as probe:
        sample = probe.read(_SAMPLE_BYTES)
    if not sample:
        raise FormFileError("the file is empty", code="empty_file")
    check_not_legacy_excel(sample)
    if fmt == "xlsx":
        return open_xlsx(path, sheet, limits, header_row)
    chosen = _chosen_encoding(sample, encoding)
    if b"\x00" in sample:
        raise FormFileError("the file holds NUL bytes: not a text file", code="not_tabular")
    terminator = "\r\n" if b"\r\n" in sample else "\n"
    handle = open(path, "rb")  # noqa: SIM115 (closed by the Source)
    try:
        lines = decoded_lines(handle, chosen)
        if fmt == "jsonl":
            return open_jsonl(handle, lines, chosen, limits)
        return _open_csv(handle, lines, chosen, terminator, limits, header_row)
    except BaseException:
        handle.close()
        raise


def sniff_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding open_source reads a text file in: `encoding`, or the detected one."""
    if encoding is not None:
        return _chosen_encoding(b"", encoding)
    with open(path, "rb") as probe:
        return _chosen_encoding(probe.read(_SAMPLE_BYTES), None)


def _chosen_encoding(sample: bytes, encoding: str | None) -> str:
    """`encoding` when given (checked), else the one detected in the file's first bytes."""
    if encoding is not None:
        check_line_encoding(encoding)
        return encoding
    return detect_encoding(sample)


def _open_csv(handle: IO[bytes], lines: Iterator[str], encoding: str, terminator: str,
              limits: Limits, header_row: int | None) -> Source:
    # The csv module's cell limit is process-wide (no per-reader setting); every reader of
    # form files wants the same value, set where it is used rather than at import.
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(lines, strict=True)
    preamble, header, rows = split_header(_csv_rows(reader, limits), header_row)
    return Source(list(header), "csv", encoding, rows, handle, size_of(handle), terminator,
                  preamble=preamble, header_number=header.number)


class UnreadableRow(SheetRow):
    """A CSV row the reader could not return (a cell over MAX_CELL_CHARS): kept as a row
    without cells so every other row keeps its place, and explained in the error column."""

    __slots__ = ()


def _csv_rows(reader: Any, limits: Limits) -> Iterator[SheetRow]:
    """Every record, numbered as Excel shows it when it opens the file (a record is a row,
    even when a quoted cell spans lines)."""
    for number in range(1, limits.max_rows + 2):
        try:
            row = SheetRow(next(reader), number)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                # e.g. a quote opened and never closed: the rest of the file would be one cell
                raise FormFileError(f"not a valid CSV file near line {reader.line_num}: {exc}",
                                    code="not_tabular") from exc
            row = UnreadableRow([], number)
        if number > limits.max_rows:
            raise too_many_rows(limits.max_rows)
        if len(row) > limits.max_columns:
            raise too_many_columns(limits.max_columns)
        yield row
