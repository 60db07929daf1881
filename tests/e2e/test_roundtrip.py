"""The clerk's round trip in a real browser (issue 10): a ledger as the office keeps it in,
nothing picked (the header row and the reason column are found), the flagged rows decided
with the keyboard in 要確認, back through the list of files to the corrected ledger, and the
report with the reviews printed on A4 portrait. Screenshots of each step in
tests/e2e/screenshots/."""

import datetime
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from playwright.sync_api import Page, expect

from henno.model.labels import LABEL_JA, LABELS
from henno.review.db import make_engine
from henno.review.store import ReviewStore
from tests.e2e.conftest import Server, add_clerks, log_in, screenshot
from tests.forms.ledger import HEADER, NOTE, TITLE
from tests.service.live import serve

pytestmark = pytest.mark.browser
REVIEWER = "窓口A"
# Texts a resident may start with =, +, - or @: text in Excel, never a formula.
FORMULA_LIKE = ['=HYPERLINK("http://example.com","x")', "=1+1", "+81 からの電話で不安になった",
                "-2 週間前に県外へ引っ越した", "@SUM(A1) よくわからない"]
REASONS = ["来月、県外へ引っ越すため", "相次ぐ不祥事で信用できない", "", *FORMULA_LIKE,
           "なんとなく", "特になし", "なんとなく", "別人の口座が紐付けられていたと聞いた",
           "情報漏えいのニュースを見て不安になった"]
FIRST_FORM_ROW = 4
TOTAL_ROW = FIRST_FORM_ROW + len(REASONS)
REASON_COLUMN = HEADER.index("返納理由") + 1
# 210 mm less the 2 × 12 mm margins of the report's print CSS, at 96 px per inch.
A4_CONTENT_PX = 703
MAX_REVIEW_ITEMS = 20  # the ledger has 12 forms: the loop below is bounded


def ledger(path: Path) -> Path:
    """A 返納受付簿 like tests/forms/ledger.py's, with more forms: a merged title, a note, the
    header in row 3, Excel dates, 受付番号, a 合計 row with COUNTA, a second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "受付簿"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:D1")
    sheet["A2"] = NOTE
    sheet.append(HEADER)
    for n, text in enumerate(REASONS, start=1):
        sheet.append([f"R5-{n:04d}", datetime.datetime(2023, 6, n), "本庁" if n % 2 else "北支所",
                      text])
        sheet.cell(sheet.max_row, 2).number_format = "yyyy/mm/dd"
        sheet.cell(sheet.max_row, REASON_COLUMN).data_type = "s"
    sheet.cell(TOTAL_ROW, 1, "合計")
    sheet.cell(TOTAL_ROW, REASON_COLUMN, f"=COUNTA(D{FIRST_FORM_ROW}:D{TOTAL_ROW - 1})")
    sheet.column_dimensions["D"].width = 48
    book.create_sheet("集計メモ")["A1"] = "月別の件数は別紙"
    book.save(path)
    return path


@pytest.fixture
def own_server(small_model_dir: Path, tmp_path: Path) -> Iterator[Server]:
    """A server of its own: its 要確認 holds this ledger's rows only."""
    state = tmp_path / "state"
    with serve(small_model_dir, env={"HENNO_STATE_DIR": str(state)},
               before_start=add_clerks) as (port, _):
        yield Server(f"http://127.0.0.1:{port}", state, small_model_dir)


def upload_and_label(page: Page, source: Path) -> str:
    page.get_by_role("link", name="ファイルを判定").click()
    page.set_input_files("#file", str(source))
    screenshot(page, "roundtrip-1-upload")
    page.click("button.primary")
    # Nothing picked: the header row and the reason column are found.
    expect(page.locator("#preview tr.header-row th")).to_contain_text("3")
    expect(page.locator("#header_row option:checked")).to_have_text("3 行目")
    expect(page.locator("#text_column option:checked")).to_have_text("D: 返納理由")
    expect(page.locator("#id_column option:checked")).to_have_text("A: 受付番号")
    expect(page.locator("#no-reason")).to_have_count(0)
    screenshot(page, "roundtrip-2-preview")
    page.click("text=判定を始める")
    expect(page.locator("#job-done")).to_be_visible(timeout=60_000)
    screenshot(page, "roundtrip-3-done")
    return page.url


def item_rows(source: str) -> list[int]:
    """The Excel rows a review item stands for, as its 「… ・ 5 行目」 line says."""
    same = re.search(r"同じ文 \d+ 件（([\d、]+) 行目", source)
    if same:
        return [int(row) for row in same.group(1).split("、")]
    return [int(re.search(r"(\d+) 行目", source).group(1))]  # type: ignore[union-attr]


def decide_all_with_the_keyboard(page: Page) -> dict[int, str]:
    """Every item in 要確認, each decided with a number key and Enter: Excel row -> label.
    (Rows, not texts: the page shows a text with numbers and names hidden.)"""
    page.get_by_role("link", name="要確認の行を確認する").click()
    decided: dict[int, str] = {}
    for n in range(MAX_REVIEW_ITEMS):
        if page.locator("#review-item").count() == 0:
            break
        if n == 0:
            expect(page.locator("#review-item .source")).to_contain_text("返納受付簿.xlsx")
            expect(page.locator("#review-item .source")).to_contain_text("受付番号: R5-")
            screenshot(page, "roundtrip-4-review")
        rows = item_rows(page.locator("#review-item .source").inner_text())
        remaining = page.locator("#remaining").inner_text()
        label = LABELS[n % len(LABELS)]
        page.keyboard.press(str(LABELS.index(label) + 1))
        page.keyboard.press("Enter")
        expect(page.locator("#remaining")).not_to_have_text(remaining)
        decided.update(dict.fromkeys(rows, label))
    expect(page.locator("#review-empty")).to_be_visible()
    return decided


def corrected_ledger(page: Page, server: Server, job_url: str, tmp_path: Path) -> Path:
    page.get_by_role("link", name="ファイルを判定").click()
    row = page.locator("#my-files tbody").filter(has_text="返納受付簿.xlsx")  # a file's 2 rows
    expect(row).to_contain_text("完了")
    expect(row.locator("td.num").last).to_have_text("0")  # nothing left in 要確認
    screenshot(page, "roundtrip-5-files")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="確認結果を反映してダウンロード").click()
    download = download_info.value
    assert download.suggested_filename == "返納受付簿_labelled_reviewed.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert job_url.startswith(f"{server.url}/files/")
    return saved


def header_cells(sheet: Worksheet) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in sheet[3] if cell.value is not None}


def check_the_corrected_ledger(path: Path, decided: dict[int, str]) -> None:
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["受付簿", "集計メモ"]
    assert book["集計メモ"]["A1"].value == "月別の件数は別紙"
    sheet = book["受付簿"]
    assert sheet["A1"].value == TITLE and "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == NOTE
    columns = header_cells(sheet)
    assert list(columns)[:4] == HEADER and {"判定", "判定コード", "確認者"} <= set(columns)
    for row in range(FIRST_FORM_ROW, TOTAL_ROW):
        reason = sheet.cell(row, REASON_COLUMN)
        text = REASONS[row - FIRST_FORM_ROW]
        assert reason.value == (text or None) and (reason.data_type == "s" or not text)
        assert sheet.cell(row, 2).number_format == "yyyy/mm/dd"
        if row in decided:  # a reviewed row: the clerk's label and name
            assert sheet.cell(row, columns["判定"]).value == LABEL_JA[decided[row]]
            assert sheet.cell(row, columns["判定コード"]).value == decided[row]
            assert sheet.cell(row, columns["確認者"]).value == REVIEWER  # by name
        else:
            assert sheet.cell(row, columns["確認者"]).value in (None, "")
    total = sheet.cell(TOTAL_ROW, REASON_COLUMN)
    assert total.data_type == "f" and str(total.value).startswith("=COUNTA(")
    assert sheet.cell(TOTAL_ROW, columns["判定"]).value in (None, "")
    assert sheet.cell(TOTAL_ROW, columns["判定メモ"]).value == "合計行"  # 合計 … =COUNTA(…)


def print_the_report(page: Page, job_url: str, reviewed_rows: int, tmp_path: Path) -> Path:
    """The report with the reviews applied, as the clerk sends it upward."""
    page.goto(job_url)
    page.click("#reviewed-report")
    expect(page.locator("h1")).to_have_text("返納理由の集計")
    verified = page.locator("dt", has_text="確認済み").locator("xpath=following-sibling::dd[1]")
    expect(verified).to_have_text(f"{reviewed_rows} 件")
    forms = page.locator("dt", has_text="件数").locator("xpath=following-sibling::dd[1]")
    expect(forms).to_have_text(f"{len(REASONS)} 件")  # the 合計 row is not a form
    expect(page.get_by_role("link", name="← henno に戻る")).to_have_attribute("href", "/")
    screenshot(page, "roundtrip-6-report")
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    page.emulate_media(media="print")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, ...Array.from("
        "document.querySelectorAll('table, img, figure, .table-wrap'), e => e.scrollWidth)]")
    assert max(widths) <= A4_CONTENT_PX, widths
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    shown = screenshot(page, "roundtrip-7-report-print")
    # The printed pages as PNG, for a person to look at (poppler-utils: scripts/system-packages).
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                    str(shown.with_name("roundtrip-8-report-pdf"))], check=True, timeout=60)
    return pdf


def test_the_clerks_round_trip(page: Page, own_server: Server, tmp_path: Path) -> None:
    log_in(page, own_server, reviewer=REVIEWER)
    job_url = upload_and_label(page, ledger(tmp_path / "返納受付簿.xlsx"))
    decided = decide_all_with_the_keyboard(page)
    assert decided, "the small model flags the vague reasons"
    saved = corrected_ledger(page, own_server, job_url, tmp_path)
    check_the_corrected_ledger(saved, decided)
    pdf = print_the_report(page, job_url, len(decided), tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_the_preview_fits_a_tablet(page: Page, server: Server, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, server)
    page.goto(f"{server.url}/files")
    page.set_input_files("#file", str(ledger(tmp_path / "返納受付簿.xlsx")))
    page.click("button.primary")
    expect(page.locator("#preview tr.header-row")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, f"the job page scrolls sideways on a tablet ({width} px)"
    # The header row is chosen with the keyboard alone.
    page.focus("#header_row")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#preview tr.header-row th")).to_contain_text("2")
    expect(page.locator("#no-reason")).to_have_text(
        "理由の列が見つかりませんでした。表から選んでください")
    screenshot(page, "tablet-preview")


# The trial's ledger (December 2026): six columns, cells with runs of spaces and full-width
# brackets, wider than a tablet.
WIDE_HEADER = ["受付番号", "受付日", "窓口", "返納理由", "対応者", "備考"]
WIDE_ROWS = [["R8-11-004", "2026-11-04", "本庁（市民課）", "理由  1. 転勤  2. 暗証番号がわからない",
              "担当A", "電話で問い合わせあり、後日来庁"],
             ["R8-11-007", "2026-11-07", "北支所", "+81 海外へ転出のため", "担当A",
              "https://example.invalid/" + "a" * 60],
             ["R8-11-008", "2026-11-08", "本庁", "来月引っ越す予定だし、相次ぐ不祥事にもうんざり",
              "担当B", ""]]


def wide_ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet["A1"] = TITLE
    sheet.append(WIDE_HEADER)
    for row in WIDE_ROWS:
        sheet.append(row)
    book.save(path)
    return path


def test_the_preview_shows_cells_as_written_and_scrolls_in_its_box(
        page: Page, own_server: Server, tmp_path: Path) -> None:
    server = own_server
    log_in(page, server)
    page.goto(f"{server.url}/files")
    source = wide_ledger(tmp_path / "返納受付簿_11月.xlsx")
    page.set_input_files("#file", str(source))
    page.click("button.primary")
    expect(page.locator("#preview tr.header-row")).to_be_visible()
    reason = page.locator("#preview tbody tr").nth(2).locator("td").nth(3)
    # The cell as written: two spaces kept (white-space: pre), brackets full-width.
    assert reason.evaluate("e => e.textContent") == WIDE_ROWS[0][3]
    assert "転勤  2." in reason.inner_text()
    assert page.locator("#preview td", has_text="本庁（市民課）").count() == 1
    wrap = page.locator("#preview .preview-wrap")
    for width in (768, 1280):
        page.set_viewport_size({"width": width, "height": 1024})
        page.wait_for_timeout(100)  # app.js checks again on resize
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        scrolls = wrap.evaluate("e => e.scrollWidth > e.clientWidth")
        # A table wider than its box says so in words; one that fits says nothing.
        cue = expect(page.locator("#preview-scroll"))
        if scrolls:
            cue.to_be_visible()
        else:
            cue.to_be_hidden()
        if width == 768:
            assert scrolls, "six columns do not fit a tablet"
            wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
            expect(page.locator("#preview th", has_text="F")).to_be_in_viewport()
            wrap.evaluate("e => { e.scrollLeft = 0; }")
        screenshot(page, f"preview-wide-{width}")
    page.click("text=判定を始める")
    expect(page.locator("#job-done")).to_be_visible(timeout=60_000)
    expect(page.locator("#label-counts thead")).to_contain_text("理由に含まれる件数")
    for width in (768, 1280):
        page.set_viewport_size({"width": width, "height": 1024})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"done-counts-{width}")
    job_url = page.url
    # The same file again: its rows are in 要確認 already, which is news, not an error.
    page.goto(f"{server.url}/files")
    page.set_input_files("#file", str(source))
    page.click("button.primary")
    page.click("text=判定を始める")
    expect(page.locator("#job-done")).to_be_visible(timeout=60_000)
    expect(page.locator("#job-notice")).to_have_class("notice")
    expect(page.locator("#job-notice")).to_have_attribute("role", "status")
    screenshot(page, "done-again-1280")
    # Every row reviewed: the counts at labelling time say so, the current state is beside.
    engine = make_engine(server.database_url)
    try:
        store = ReviewStore(engine)
        while (item := store.claim_next("窓口B")) is not None:
            store.decide(item.id, "窓口B", "other")
    finally:
        engine.dispose()
    page.goto(job_url)
    expect(page.locator("#review-progress")).to_contain_text("（現在）")
    expect(page.locator("#review-progress")).to_contain_text("残り 0 件")
    expect(page.locator("#row-counts caption")).to_have_text("判定した時点の行の件数")
    for width in (768, 1280):
        page.set_viewport_size({"width": width, "height": 1024})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"done-after-review-{width}")
