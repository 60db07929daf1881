"""The モデル page at tablet width (no heading wrapped one character per line) and
「このファイルを今すぐ削除」 asking before it deletes, in Chromium."""

from pathlib import Path

from playwright.sync_api import Dialog, Page, expect

from tests.e2e.conftest import Server, log_in

# A table row of one line is about 38 px high at the page's font; two lines about 65 px.
ONE_LINE_PX = 50


def test_model_tables_keep_headings_on_one_line_on_a_tablet(page: Page, server: Server) -> None:
    log_in(page, server)
    for width in (768, 600):  # before: headings of two and three lines
        page.set_viewport_size({"width": width, "height": 1024})
        page.goto(f"{server.url}/model")
        heights = page.eval_on_selector_all(
            "table.metrics th, table.confusion th, table.versions th, table.versions td",
            "cells => cells.map(cell => cell.getBoundingClientRect().height)")
        assert heights and max(heights) < ONE_LINE_PX, (width, heights)
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"/model scrolls sideways at {width} px ({scrolled} px)"


def test_deleting_a_file_asks_first(page: Page, server: Server, tmp_path: Path) -> None:
    log_in(page, server)
    source = tmp_path / "forms.csv"
    source.write_text("理由\n引っ越しのため\n", encoding="utf-8")
    page.goto(f"{server.url}/files")
    page.set_input_files("#file", str(source))
    page.click("button.primary")
    job_url = page.url
    questions: list[str] = []

    def answer(accept: bool) -> None:
        def handle(dialog: Dialog) -> None:
            questions.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        page.once("dialog", handle)

    answer(accept=False)
    page.click("text=このファイルを今すぐ削除")
    assert page.url == job_url
    answer(accept=True)
    page.click("text=このファイルを今すぐ削除")
    expect(page.locator("#notice")).to_have_text("ファイルを削除しました")
    assert questions == ["このファイル（forms.csv）と判定結果を削除します。元に戻せません。"
                         "よろしいですか？"] * 2
