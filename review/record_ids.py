"""The column that identifies a form (受付番号 and the like), so a clerk can find the paper form
of a review item; found by its header or chosen on the job page."""

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from henno.forms.source import DEFAULT_LIMITS, Limits
from henno.forms.streams import StreamFormat, UnreadableRow, open_source
from henno.review.flagged import with_origins
from henno.review.items import NewItem

CHUNK_ROWS = 2000
_ID_HEADERS = {"受付番号", "受付no", "受付id", "受付no.", "番号", "no", "no.", "id", "整理番号",
               "管理番号", "受付"}
# Headers that name someone's number, never a form's.
_PERSONAL = ("個人番号", "マイナンバー", "電話", "郵便", "携帯", "生年月日")


def _normal(header: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(header or "")).lower().split())


def is_personal(header: Any) -> bool:
    return any(word in _normal(header) for word in _PERSONAL)


def find_id_column(columns: list[str]) -> int | None:
    """The first column whose header names a form number (受付番号, 受付No, 番号, No., ID)."""
    for index, header in enumerate(columns):
        name = _normal(header)
        if not is_personal(header) and (name in _ID_HEADERS or name.startswith("受付番号")):
            return index
    return None


@dataclass(frozen=True)
class Reading:
    """How the labelled file was read, so its rows are found again the same way."""

    format: StreamFormat
    header_row: int | None = None
    encoding: str | None = None
    sheet: str | None = None
    limits: Limits = DEFAULT_LIMITS


def row_origins(path: Path, reading: Reading, data_rows: set[int], id_column: int | None,
                detect_id: bool = False) -> tuple[str | None, dict[int, tuple[int, str | None]]]:
    """The identifying column's header (`id_column`, or the one found when `detect_id`) and,
    for each of `data_rows` (counted from 1 below the header), its row as Excel shows it (a
    sheet read by its cells skips empty rows) and its cell in that column, if any."""
    found: dict[int, tuple[int, str | None]] = {}
    if not data_rows:
        return None, found
    source = open_source(path, reading.format, reading.encoding, reading.sheet, reading.limits,
                         reading.header_row)
    try:
        if detect_id and id_column is None:
            id_column = find_id_column(source.columns)
        key = source.columns[id_column] if id_column is not None else None
        # JSON Lines have no header: line n is data row n.
        index, number = 0, 0 if source.format == "jsonl" else source.header_number
        for chunk in source.chunks(CHUNK_ROWS):
            for row in chunk:
                index += 1
                number = getattr(row, "number", None) or number + 1
                if index in data_rows:
                    found[index] = (number, _cell(row, id_column, key))
        return key, found
    finally:
        source.close()


def located(items: list[NewItem], path: Path, reading: Reading, id_column: int | None = None,
            detect_id: bool = False) -> list[NewItem]:
    """Items numbered by data row (flagged_items with header_row=0) numbered as Excel shows
    their rows, with the identifying cell (受付番号…) of the chosen or detected column."""
    id_name, origins = row_origins(path, reading, {item.source_row for item in items},
                                   id_column, detect_id)
    return with_origins(items, origins, id_name)


def _cell(row: Any, column: int | None, key: str | None) -> str | None:
    if column is None or isinstance(row, UnreadableRow):
        return None
    cell = row.get(key) if isinstance(row, dict) else (row[column] if column < len(row) else None)
    return None if cell in (None, "") else str(cell)
