"""The report people read, print and paste from (issue 10 §3)."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from henno.labelling.report import write_report
from henno.labelling.report_tables import COUNT_NOTE
from henno.labelling.tally import Tally
from henno.model.artifacts import read_metadata
from henno.model.labels import LABELS
from henno.training.train import TrainResult

HOSTILE = '=HYPERLINK("http://example.com","x")'
HEADER = ["受付日", "窓口", "label", "error", "確認者"]
ROWS = [["2023-04-03", "本庁", "relocation", "", ""],
        ["2023-05-10", HOSTILE, "other", "", "佐藤花子"],
        ["2023-05-11", "<script>alert(1)</script>", "", "empty text", ""]]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    tally = Tally(HEADER, ["受付日", "窓口"], keyed_rows=False)
    tally.add(ROWS)
    return write_report(tally, {"version": "20261201T000000Z-abc"}, tmp_path / "r",
                        sources=["4月.xlsx", "5月.xlsx"], app_link="/").parent


def test_summary_xlsx_has_a_sheet_per_table_and_text_never_a_formula(report: Path) -> None:
    book = openpyxl.load_workbook(report / "summary.xlsx")
    mentions = "理由に含まれる件数（複数回答）"
    assert book.sheetnames == [
        "返納理由別の件数", "返納理由別の割合", mentions, mentions.replace("件数", "割合"),
        "受付日（月）別の件数", "受付日（月）別の割合", f"受付日（月）別の{mentions}",
        f"受付日（月）別の{mentions.replace('件数', '割合')}", "窓口別の件数", "窓口別の割合",
        f"窓口別の{mentions}", f"窓口別の{mentions.replace('件数', '割合')}"]
    offices = book["窓口別の件数"]
    header = [cell.value for cell in offices[1]]
    assert header == ["窓口", "制度への不信", "相次ぐ不祥事", "誤り・不具合", "転居", "その他",
                      "空欄", "合計"]
    names = {row[0].value: row[0].data_type for row in offices.iter_rows(min_row=2)}
    assert names[HOSTILE] == "s" and names["合計"] == "s"
    assert [c.value for c in book["受付日（月）別の件数"]["A"]][1:] == [
        "2023年4月", "2023年5月", "合計", None, COUNT_NOTE]  # what 件数 counts, under the table
    share = book["窓口別の割合"]["H2"]
    assert share.value == 1.0 and share.number_format == "0.0%"


def test_summary_csv_is_japanese_and_inert(report: Path) -> None:
    text = (report / "summary.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["返納理由別の件数"]
    assert ["'" + HOSTILE, "0", "0", "0", "0", "1", "0", "1"] in rows
    assert not re.search(r"\b(scope|acc_low|pacc|label_ja)\b", text)


def test_report_page_header_advice_and_explanation(report: Path) -> None:
    page = (report / "report.html").read_text(encoding="utf-8")
    for expected in ("4月.xlsx、5月.xlsx", "2023年4月〜2023年5月", "（日本時間）",
                     "20261201T000000Z-abc", "<dt>件数</dt><dd>3 件</dd>",
                     "<dt>空欄</dt><dd>1 件</dd>", "<dt>確認済み</dt><dd>1 件</dd>",
                     "<h2>詳しい説明</h2>", "@page { size: A4 portrait", '<a href="/">'):
        assert expected in page
    advice = re.search(r'<p class="advice">(.*?)</p>', page, re.S)
    assert advice is not None and advice.group(1).count("。") == 2


def test_report_page_escapes_group_values_and_describes_charts(report: Path) -> None:
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    alts = re.findall(r'alt="([^"]*)"', page)
    assert len(alts) == 3 and all("グラフ" in alt for alt in alts)


def test_report_page_without_app_link_has_no_link(tmp_path: Path) -> None:
    tally = Tally(HEADER, [], keyed_rows=False)
    tally.add(ROWS)
    page = write_report(tally, None, tmp_path).read_text(encoding="utf-8")
    assert "<a href" not in page and "henno に戻る" not in page


def report_with_estimates(folder: Path, model: TrainResult) -> str:
    """report.html of rows with every label's scores, so its details give the corrected
    estimates (ACC, PACC) of the model's error rates."""
    header = ["label", *[f"score_{label}" for label in LABELS]]
    tally = Tally(header, [], keyed_rows=False)
    rows = []
    for i, label in enumerate(LABELS):
        scores = ["0.02"] * len(LABELS)
        scores[i] = "0.92"
        rows += [[label, *scores]] * (i + 2)
    tally.add(rows)
    return write_report(tally, read_metadata(model.path), folder).read_text("utf-8")


def test_corrected_estimates_are_explained_in_the_details(tmp_path: Path,
                                                          small_model: TrainResult) -> None:
    page = report_with_estimates(tmp_path, small_model)
    details = page[page.index("<h2>詳しい説明</h2>"):]
    for expected in ("補正した推定 (ACC)", "補正した推定 (PACC)", "95% の区間", "例文"):
        assert expected in details
    before = page[:page.index("<h2>詳しい説明</h2>")]
    assert "ACC" not in before.replace("補正した推定値", "") and "区間" not in before


def test_a_report_of_no_rows_is_still_written(tmp_path: Path) -> None:
    tally = Tally(HEADER, ["窓口"], keyed_rows=False)
    page = write_report(tally, None, tmp_path).read_text(encoding="utf-8")
    assert "<dt>件数</dt><dd>0 件</dd>" in page
    assert openpyxl.load_workbook(tmp_path / "summary.xlsx")["窓口別の件数"]["A2"].value == "合計"
