"""A form file as a table of cells, read and written back in its own format and encoding."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from model.errors import FormFileError

FileFormat = Literal["csv", "xlsx"]
CSV_ENCODINGS = ("utf-8-sig", "cp932")
MAX_XLSX_UNPACKED_BYTES = 200 * 2**20  # refuse zip bombs before openpyxl inflates them


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    format: FileFormat
    encoding: str = "utf-8"
    has_bom: bool = False
    line_terminator: str = "\r\n"
    sheet_title: str = "Sheet1"
    extra: dict[str, Any] = field(default_factory=dict)

    def column_values(self, index: int) -> list[Any]:
        return [row[index] if index < len(row) else None for row in self.rows]


def detect_format(filename: str, data: bytes) -> FileFormat:
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


def read_table(data: bytes, filename: str = "") -> Table:
    """Parse CSV (UTF-8, UTF-8 with BOM, CP932) or .xlsx bytes into a Table."""
    if not data:
        raise FormFileError("the file is empty", code="empty_file")
    if detect_format(filename, data) == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of bytes in one of CSV_ENCODINGS (utf-8-sig also reads plain UTF-8),
    or None."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise FormFileError("the file holds NUL bytes: not a CSV text file", code="not_tabular")
    decoded = decode_text(data)
    if decoded is not None:
        return decoded
    raise FormFileError("the file is neither UTF-8 nor CP932 (Shift_JIS) text",
                        code="undecodable")


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FormFileError(f"not a valid CSV file: {exc}", code="not_tabular") from exc
    if not records or not any(cell.strip() for cell in records[0]):
        raise FormFileError("the file has no header row", code="not_tabular")
    terminator = "\r\n" if "\r\n" in text[:65536] else "\n"
    has_bom = data.startswith(b"\xef\xbb\xbf")
    return Table(columns=records[0], rows=records[1:], format="csv",
                 encoding="utf-8" if encoding == "utf-8-sig" else encoding, has_bom=has_bom,
                 line_terminator=terminator)


def check_xlsx_size(source: bytes | Path) -> None:
    """Refuse a zip that is broken or unpacks past MAX_XLSX_UNPACKED_BYTES; only the zip's
    directory is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise FormFileError("not a valid .xlsx file", code="not_tabular") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise FormFileError("the .xlsx file is too large once unpacked", code="too_large")


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # imported here: only Excel uploads need it

    check_xlsx_size(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        records = [list(row) for row in sheet.iter_rows(values_only=True)]
        title = sheet.title
        book.close()
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise FormFileError(f"could not read the .xlsx file: {type(exc).__name__}",
                            code="not_tabular") from exc
    if not records or not any(cell is not None for cell in records[0]):
        raise FormFileError("the first sheet has no header row", code="not_tabular")
    columns = ["" if cell is None else str(cell) for cell in records[0]]
    return Table(columns=columns, rows=records[1:], format="xlsx", sheet_title=title)


def write_table(table: Table, added: dict[str, list[Any]]) -> bytes:
    """The table with `added` columns appended, in the table's own format and encoding."""
    columns = table.columns + list(added)
    width = len(table.columns)
    # Cells beyond the header's width are kept after the added columns: nothing is lost.
    rows = [
        (row + [None] * (width - len(row)))[:width] + [values[i] for values in added.values()]
        + row[width:]
        for i, row in enumerate(table.rows)
    ]
    if table.format == "xlsx":
        return _write_xlsx(table.sheet_title, columns, rows)
    return _write_csv(table, columns, rows)


def _write_csv(table: Table, columns: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=table.line_terminator)
    writer.writerow(columns)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    encoded = buffer.getvalue().encode(table.encoding, errors="strict")
    return (b"\xef\xbb\xbf" + encoded) if table.has_bom else encoded


def _write_xlsx(title: str, columns: list[str], rows: list[list[Any]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
