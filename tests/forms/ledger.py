"""A ledger (返納受付簿) as a city hall keeps it, built for the tests: a merged title row, a
note row, the header in row 3, Excel dates, a 受付番号 column, a 合計 row with a COUNTA
formula, a second sheet. Names and numbers are fictional."""

import datetime
from pathlib import Path

import openpyxl

TITLE = "令和5年度 マイナンバーカード返納受付簿"
NOTE = "※取扱注意（個人情報を含む）"
HEADER = ["受付番号", "受付日", "窓口", "返納理由"]
FORMS = [
    ["R5-0001", datetime.datetime(2023, 6, 1), "本庁", "来月、県外へ引っ越すため"],
    ["R5-0002", datetime.datetime(2023, 6, 2), "北支所", "相次ぐ不祥事で信用できない"],
    ["R5-0003", datetime.datetime(2023, 6, 5), "本庁", ""],
    ["R5-0004", datetime.datetime(2023, 6, 9), "南支所", "=HYPERLINK(\"http://example.com\",\"x\")"],
]
FIRST_FORM_ROW = 4
TOTAL_ROW = FIRST_FORM_ROW + len(FORMS)


def ledger_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受付簿"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:D1")
    sheet["A2"] = NOTE
    sheet.append(HEADER)
    for form in FORMS:
        sheet.append(form)
        sheet.cell(sheet.max_row, 2).number_format = "yyyy/mm/dd"
        sheet.cell(sheet.max_row, 4).data_type = "s"  # a resident's text, never a formula
    sheet.cell(TOTAL_ROW, 1, "合計")
    sheet.cell(TOTAL_ROW, 4, f"=COUNTA(D{FIRST_FORM_ROW}:D{TOTAL_ROW - 1})")
    other = book.create_sheet("集計メモ")
    other["A1"] = "月別の件数は別紙"
    book.save(path)
    return path


def ledger_csv(path: Path, encoding: str = "cp932") -> Path:
    """The same ledger as a CSV: title, note and a blank line above the header in row 4."""
    lines = [f"{TITLE},,,", f"{NOTE},,,", ",,,", ",".join(HEADER)]
    lines += [f"{n},2023/06/0{i + 1},本庁,{text}" for i, (n, _, _, text) in
              enumerate(FORMS[:3])]
    lines.append("合計,,,3")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
