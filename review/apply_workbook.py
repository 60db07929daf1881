"""The clerks' decisions written into a labelled workbook itself: only the reviewed rows' label
cells and a 確認者 column change; other sheets, formats, merged cells and the rows above the
header stay as they were."""

import os
from copy import copy
from pathlib import Path
from typing import Any

# A row as Excel shows it -> {column, from 0: new value}
Changes = dict[int, dict[int, Any]]


def write_changes(labelled: Path, output: Path, sheet_title: str, header_row: int,
                  reviewer: tuple[int, str], changes: Changes) -> None:
    """Save `labelled` with `changes` as `output`, the header `reviewer` = (column, name)
    added in the header row's style; through a temporary file renamed into place."""
    import openpyxl

    from henno.forms.spool import save_workbook

    book = openpyxl.load_workbook(labelled)
    try:
        sheet = book[sheet_title]
        column, name = reviewer
        header = sheet.cell(header_row, column + 1)
        if column and header.value != name:
            header._style = copy(sheet.cell(header_row, column)._style)
        _put(header, name)
        for number, cells in changes.items():
            for index, value in cells.items():
                _put(sheet.cell(number, index + 1), value)
        temporary = output.with_name(f".{output.name}.{os.getpid()}.part")
        try:
            save_workbook(book, temporary, output)
            os.replace(temporary, output)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    finally:
        book.close()


def _put(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):  # a clerk's name is text, never a formula
        cell.data_type = "s"
