"""The report's words a clerk reads: the files it points to are the ones the reader gets, the
model's version says what it is, the chosen label is never called 主な理由 (the page's words for
a reason the resident said was the main one), and each technical term of 詳しい説明 comes
after a plain explanation, its name in parentheses."""

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from henno.labelling.report import summary_download_name, write_report
from henno.labelling.report_tables import COUNT_NOTE
from henno.labelling.tally import Tally
from henno.training.train import TrainResult
from tests.labelling.test_report_page import report_with_estimates

HEADER = ["受付日", "窓口", "label", "error", "確認者"]
ROWS = [["2026-11-03", "本庁", "relocation", "", ""],
        ["2026-11-10", "北支所", "other", "", ""]]
REVIEWED = [["2026-11-03", "本庁", "relocation", "", ""],
            ["2026-11-10", "北支所", "other", "", "佐藤花子"]]


def _page(folder: Path, rows: list[list[str]], sources: Sequence[str] = (),
          app_link: str | None = None) -> str:
    tally = Tally(HEADER, ["受付日", "窓口"], keyed_rows=False)
    tally.add(rows)
    return write_report(tally, {"version": "20261203T063309Z-08f8f8"}, folder,
                        sources=sources, app_link=app_link).read_text("utf-8")


def _last_paragraph(page: str) -> str:
    found: list[str] = re.findall(r"<p>(.*?)</p>", page, re.S)
    return found[-1]


def test_the_page_s_report_names_the_page_s_downloads(tmp_path: Path) -> None:
    page = _page(tmp_path, ROWS, sources=["返納受付簿_2026年11月.xlsx"], app_link="/")
    said = _last_paragraph(page)
    assert "返納受付簿_2026年11月_集計.xlsx" in said and "返納受付簿_2026年11月_集計.csv" in said
    assert "「集計表（Excel）をダウンロード」" in said and "「集計表（CSV）をダウンロード」" in said
    assert "summary" not in said and "確認結果" not in said
    assert summary_download_name("返納受付簿_2026年11月.xlsx", "summary.csv") == \
        "返納受付簿_2026年11月_集計.csv"


def test_the_page_s_reviewed_report_says_the_downloads_are_from_before_the_review(
        tmp_path: Path) -> None:
    said = _last_paragraph(_page(tmp_path, REVIEWED, sources=["受付簿.csv"], app_link="/"))
    assert "受付簿_集計.xlsx" in said and "判定した時点の表" in said
    assert "その後の確認結果は含みません" in said


@pytest.mark.parametrize("sources", [(), ("4月.csv", "5月.csv")])
def test_a_command_line_report_names_the_files_beside_it(tmp_path: Path,
                                                         sources: tuple[str, ...]) -> None:
    said = _last_paragraph(_page(tmp_path / "r", ROWS, sources=sources))
    assert "summary.xlsx" in said and "summary.csv" in said and "集計表（Excel）" not in said
    assert "同じフォルダー" in said
    assert {"summary.xlsx", "summary.csv", "report.html"} <= {
        p.name for p in (tmp_path / "r").iterdir()}


def test_the_header_says_what_the_model_version_is(tmp_path: Path) -> None:
    page = _page(tmp_path, ROWS)
    assert "<dt>判定に使ったモデルの版</dt><dd>20261203T063309Z-08f8f8</dd>" in page
    assert "<dt>モデル</dt>" not in page


def test_the_chosen_label_is_never_called_the_main_reason(tmp_path: Path) -> None:
    page = _page(tmp_path, ROWS)
    assert "主な理由" not in page and COUNT_NOTE in page
    # The page's words: 判定（1 枚に 1 つ選ぶ理由）, its column 判定の件数.
    assert "判定（用紙 1 枚に 1 つ選ぶ理由）" in COUNT_NOTE
    assert "<th>判定の件数</th>" in page
    assert "「判定の件数」は、判定（用紙 1 枚に 1 つ選ぶ理由）を数えたものです。" in page
    text = (tmp_path / "summary.csv").read_text("utf-8-sig")
    assert "主な理由" not in text
    rows = list(csv.reader(io.StringIO(text)))
    overall = rows[:rows.index([])]
    assert rows[len(overall) + 1] == [COUNT_NOTE]  # under the count table, for analysts
    book = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert COUNT_NOTE in cells and not any("主な理由" in str(c) for c in cells)


def test_each_technical_term_follows_a_plain_explanation(tmp_path: Path,
                                                         small_model: TrainResult) -> None:
    page = report_with_estimates(tmp_path, small_model)
    details = re.sub(r"<[^>]+>", "", page[page.index("<h2>詳しい説明</h2>"):])
    for term in ("モデル", "交差検証", "ACC", "PACC", "ブートストラップ法"):
        first = re.search(rf"(?<!P){term}" if term == "ACC" else term, details)
        assert first is not None, term
        # The term first appears in parentheses, after the words saying what it is.
        assert details[first.start() - 1] == "（", (term, details[first.start() - 40:first.end()])
        sentence = details[:first.start()].rsplit("。", 1)[-1]
        assert len(sentence) >= 10, (term, sentence)
