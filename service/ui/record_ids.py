"""The column that identifies a form (受付番号 and the like), so a clerk can find the paper form
of a review item; found by its header or chosen on the job page."""

import unicodedata
from pathlib import Path
from typing import Any

from forms.streams import StreamFormat, UnreadableRow, open_source

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


def read_record_ids(path: Path, fmt: StreamFormat, column: int, rows: set[int],
                    header_row: int) -> dict[int, str]:
    """The column's cell in each of `rows` (numbered as Excel shows them)."""
    found: dict[int, str] = {}
    if not rows:
        return found
    source = open_source(path, fmt)
    try:
        key = source.columns[column]
        number = header_row
        for chunk in source.chunks(CHUNK_ROWS):
            for row in chunk:
                number += 1
                if number in rows and not isinstance(row, UnreadableRow):
                    cell = row.get(key) if isinstance(row, dict) else (
                        row[column] if column < len(row) else None)
                    if cell not in (None, ""):
                        found[number] = str(cell)
        return found
    finally:
        source.close()
