"""Why a form file could not be used, in the clerk's words: no server paths, no CLI hints."""

from henno.model.errors import FormFileError, HennoError
from henno.service.scratch import StorageFull
from henno.work.label_job import TooManyRows

STORAGE_FULL = ("サーバーの保存領域がいっぱいです。しばらくしてからもう一度お試しください"
                "（続くときは管理者に連絡してください）")
UNREADABLE = "ファイルを読めませんでした。形式と中身を確認してください"
_FILE_MESSAGES = {
    "too_large": "ファイルが大きすぎます",
    "empty_file": "ファイルが空です",
    "unsupported_format": "CSV（.csv）、Excel（.xlsx）、JSON Lines（.jsonl）を選んでください",
    "not_tabular": "表の形式として読めません（1 行目に見出しがあるか確認してください）",
    "undecodable": "文字コードを判別できません（UTF-8 か Shift_JIS で保存してください）",
    "unknown_encoding": "文字コードを判別できません（UTF-8 か Shift_JIS で保存してください）",
    "unencodable": "元の文字コードで書き出せない文字があります（UTF-8 で保存し直してください）",
    "text_column_not_found": "理由の列が見つかりません",
    "write_failed": "結果を書き出せませんでした（ディスクの空きを確認してください）",
    "storage_full": STORAGE_FULL,
    "legacy_excel": ("古い Excel 形式（.xls）は読めません。"
                     "Excel で .xlsx 形式で保存し直してください"),
    "too_many_rows": "このファイルは行数が多すぎます。ファイルを分けてアップロードしてください",
    "too_many_columns": "このファイルは列が多すぎます（1 行目が見出しの行か確認してください）",
    "header_row_not_found": "指定された行は空か、ありません。見出しの行の番号を確かめてください",
    "no_such_sheet": "指定されたシートがありません",
}


def too_many_rows(limit: int) -> str:
    return (f"このファイルは行数が多すぎます（上限 {limit:,} 行）。"
            "ファイルを分けてアップロードしてください")


def file_error_message(exc: HennoError) -> str:
    """The clerk's words for why a file could not be used (no server paths, no CLI hints)."""
    if isinstance(exc, TooManyRows):
        return too_many_rows(exc.limit)
    code = exc.code if isinstance(exc, FormFileError | StorageFull) else ""
    return _FILE_MESSAGES.get(code, UNREADABLE)
