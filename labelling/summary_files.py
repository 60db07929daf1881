"""summary.csv and summary.xlsx: the report's tables, ready to paste into another workbook.
Every name is written as text (a group value may start with "=": never a formula)."""

import csv
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from henno.forms.inert import inert_row
from henno.labelling.report_tables import CrossTable

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def _count_rows(table: CrossTable) -> list[list[Any]]:
    return [table.header, *[[name, *values] for name, values in table.rows],
            ["合計", *table.total]]


def _share_rows(table: CrossTable) -> list[list[Any]]:
    return [table.header, *[[name, *values] for name, values in table.shares()]]


def _blocks(tables: list[CrossTable]) -> list[tuple[str, list[list[Any]], bool]]:
    """(title, rows, rows are shares) for each table's counts and shares; a table's note is
    the last row of each."""
    found = []
    for table in tables:
        note = [[], [table.note]] if table.note else []
        found.append((table.title, [*_count_rows(table), *note], False))
        found.append((table.title.replace("件数", "割合"), [*_share_rows(table), *note], True))
    return found


def summary_csv(tables: list[CrossTable]) -> bytes:
    """Each table under its title, a blank line between; UTF-8 with a BOM for Excel."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    for title, rows, shares in _blocks(tables):
        writer.writerow(inert_row([title]))
        for row in rows:
            cells = [f"{v:.1%}" if shares and isinstance(v, float) else v for v in row]
            writer.writerow(inert_row(cells))
        writer.writerow([])
    return text.getvalue().encode("utf-8-sig")


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_UNSAFE.sub("_", title)[:28] or "表"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]}({n})", n + 1
    used.add(name)
    return name


def summary_xlsx(tables: list[CrossTable]) -> bytes:
    """One sheet per table (counts, then shares as percentages)."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for title, rows, shares in _blocks(tables):
        sheet = book.create_sheet(_sheet_title(title, used))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c, value)
                if isinstance(value, str):
                    # openpyxl types "=…" as a formula when assigned: typed back to text.
                    cell.data_type = "s"
                    cell.font = Font(bold=r == 1 or c == 1)
                elif shares:
                    cell.number_format = "0.0%"
        sheet.column_dimensions["A"].width = 24
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
