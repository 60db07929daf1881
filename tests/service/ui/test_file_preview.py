"""The job page's preview: the first rows of the file with the header row marked, another
header row picked from them (its columns listed again) and used by the labelling."""

import csv
import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.forms.ledger import NOTE, TITLE, ledger_workbook
from tests.service.ui.conftest import csrf_of
from tests.service.ui.test_files_page import ROWS, cp932_csv, upload, wait_done

NO_REASON = "理由の列が見つかりませんでした。表から選んでください"
# Row 1 is a stale header left from an old form; the clerk says the header is row 2.
TWO_HEADERS = [("受付番号", "窓口", "返納理由"),
               ("番号", "場所", "記入欄"),
               ("R5-001", "本庁", "来月、夫の転勤で大阪に引っ越すため返納します"),
               ("R5-002", "支所", "情報漏えいのニュースを見て不安になった"),
               ("R5-003", "本庁", "別人の口座が紐付けられていたと聞いた")]


def marked_header(page: str) -> int:
    found = re.findall(r'<tr class="header-row">\s*<th scope="row">(\d+)', page)
    assert len(found) == 1, "exactly one row is marked as the header"
    return int(found[0])


def choose_header(client: TestClient, job_url: str, row: str) -> str:
    csrf = csrf_of(client.get(job_url).text)
    response = client.post(f"{job_url}/header", data={"csrf": csrf, "header_row": row})
    return response.text


def ledger_job(client: TestClient, tmp_path: Path) -> str:
    data = ledger_workbook(tmp_path / "返納受付簿.xlsx").read_bytes()
    return upload(client, "返納受付簿.xlsx", data)


def test_preview_shows_the_first_rows_with_the_header_found(ui: TestClient,
                                                            tmp_path: Path) -> None:
    page = ui.get(ledger_job(ui, tmp_path)).text
    assert marked_header(page) == 3
    # As written (not NFKC): （…） stays full-width, as Excel shows it.
    assert TITLE in page and NOTE in page and unicodedata.normalize("NFKC", NOTE) not in page
    assert "R5-0001" in page and "2023-06-01" in page
    rows = re.findall(r'<th scope="row">(\d+)', page)
    assert rows[:7] == ["1", "2", "3", "4", "5", "6", "7"]
    assert '<option value="3" selected>3 行目</option>' in page
    assert '<option value="4" selected>D: 返納理由</option>' in page
    assert NO_REASON not in page


def test_preview_shows_resident_text_as_data(ui: TestClient) -> None:
    rows = [("返納理由",), ("<script>alert(1)</script>",), ("<b>転居</b>",)]
    page = ui.get(upload(ui, "forms.csv", cp932_csv(rows))).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "&lt;b&gt;転居&lt;/b&gt;" in page


def test_preview_hides_personal_data(ui: TestClient) -> None:
    rows = [("返納理由", "氏名", "電話"), ("山田太郎さんに頼まれた", "山田太郎", "090-1234-4321")]
    page = ui.get(upload(ui, "forms.csv", cp932_csv(rows))).text
    assert "山田" not in page and "1234" not in page and "4321" not in page
    assert "（氏名）" in page and "（電話番号）" in page


def test_preview_keeps_numbers_that_are_nobodys(ui: TestClient) -> None:
    rows = [("受付番号", "返納理由"), ("R5-0001", "+81 からの電話で不安になった"),
            ("R5-0002", "=1+1"), ("R5-0003", "-2 週間前に引っ越した")]
    page = ui.get(upload(ui, "forms.csv", cp932_csv(rows))).text
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert cells[:8] == ["受付番号", "返納理由", "R5-0001", "+81 からの電話で不安になった",
                         "R5-0002", "=1+1", "R5-0003", "-2 週間前に引っ越した"]


def test_a_row_that_is_no_header_names_no_column(ui: TestClient) -> None:
    rows = [("佐藤花子です。090-0000-0000 よくわからないので返します", "x")]
    page = ui.get(upload(ui, "forms.csv", cp932_csv(rows * 2))).text
    assert "<option value=\"1\">A: （この行は見出しではないようです）</option>" in page
    assert "&lt;column" not in page and "not shown" not in page


def test_another_header_row_lists_its_columns(ui: TestClient, tmp_path: Path) -> None:
    job_url = ledger_job(ui, tmp_path)
    page = choose_header(ui, job_url, "2")
    assert marked_header(page) == 2
    assert '<option value="2" selected>2 行目</option>' in page
    assert NO_REASON in page  # the note row names no reason column
    assert "返納理由</option>" not in page
    page = choose_header(ui, job_url, "3")
    assert marked_header(page) == 3 and NO_REASON not in page
    assert '<option value="4" selected>D: 返納理由</option>' in page


@pytest.mark.parametrize(("row", "status", "message"), [
    ("", 422, "見出しの行を選んでください"),
    ("0", 422, "見出しの行を選んでください"),
    ("三", 422, "見出しの行を選んでください"),
    ("99", 422, "指定された行は空か、ありません。見出しの行の番号を確かめてください"),
])
def test_a_header_row_that_cannot_be_used_is_refused(ui: TestClient, tmp_path: Path, row: str,
                                                     status: int, message: str) -> None:
    job_url = ledger_job(ui, tmp_path)
    csrf = csrf_of(ui.get(job_url).text)
    response = ui.post(f"{job_url}/header", data={"csrf": csrf, "header_row": row})
    assert response.status_code == status
    assert message in response.text
    assert marked_header(ui.get(job_url).text) == 3  # the job is unchanged


def test_the_chosen_header_row_is_the_one_labelled(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(TWO_HEADERS))
    assert marked_header(ui.get(job_url).text) == 1
    page = choose_header(ui, job_url, "2")
    assert marked_header(page) == 2
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "3"})
    wait_done(ui, job_url)
    assert "3 行を判定しました" in ui.get(job_url).text
    rows = list(csv.reader(io.StringIO(ui.get(f"{job_url}/download").content.decode("cp932"))))
    assert rows[0] == list(TWO_HEADERS[0])  # kept above the header, not labelled
    assert rows[1][:5] == ["番号", "場所", "記入欄", "判定", "判定コード"]
    assert rows[2][4] == "relocation"


def test_a_started_job_keeps_its_header_row(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(TWO_HEADERS))
    page = ui.get(job_url).text
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "3"})
    response = ui.post(f"{job_url}/header", data={"csrf": csrf_of(page), "header_row": "2"},
                       follow_redirects=False)
    assert response.status_code == 303
    wait_done(ui, job_url)
    assert "4 行を判定しました" in ui.get(job_url).text


def done_job(client: TestClient) -> str:
    job_url = upload(client, "返納届_10月.csv", cp932_csv(ROWS))
    csrf = csrf_of(client.get(job_url).text)
    client.post(f"{job_url}/start", data={"csrf": csrf, "text_column": "3", "group_by": "2"})
    wait_done(client, job_url)
    return job_url


def shown_counts(html: str, table_id: str) -> dict[str, int]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return {name: int(count.replace(",", "")) for name, count in re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="num">([\d,]+)', table)}


def test_done_page_counts_as_the_report_does(ui: TestClient) -> None:
    job_url = done_job(ui)
    page = ui.get(job_url).text
    counts = shown_counts(page, "row-counts")
    assert f"要確認 {counts['要確認']} 行" in page  # the sentence above says the same
    assert list(counts) == ["件数", "判定", "空欄", "読めない", "要確認", "確認済み"]
    assert counts["件数"] == 5 and counts["空欄"] == 1 and counts["読めない"] == 0
    report = ui.get(f"{job_url}/report").text
    for name, count in counts.items():  # the report's 件数の内訳 says the same
        assert re.search(rf"<dt>{name}</dt>\s*<dd>{count:,} 件", report), name


def test_done_page_offers_the_report_tables_and_the_report_links_back(ui: TestClient) -> None:
    job_url = done_job(ui)
    page = ui.get(job_url).text
    for name, media in [("summary.xlsx", "application/vnd.openxmlformats-officedocument"
                                         ".spreadsheetml.sheet"),
                        ("summary.csv", "text/csv")]:
        assert f'href="{job_url}/report/{name}"' in page
        response = ui.get(f"{job_url}/report/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        stem = name.replace("summary", "返納届_10月_集計")
        assert quote(stem) in response.headers["content-disposition"]
    assert '<a href="/">← henno に戻る</a>' in ui.get(f"{job_url}/report").text


@pytest.mark.parametrize("name", ["report.html", "counts_by_label.png", "..%2Fstatus.json",
                                  "summary.json"])
def test_only_the_report_tables_are_served_by_name(ui: TestClient, name: str) -> None:
    response = ui.get(f"{done_job(ui)}/report/{name}")
    assert response.status_code == 404
    assert "見つかりません" in response.text


def test_a_json_lines_file_has_no_header_row_to_pick(ui: TestClient) -> None:
    data = '{"返納理由": "来月、県外へ引っ越すため"}\n{"返納理由": "なんとなく"}\n'.encode()
    job_url = upload(ui, "forms.jsonl", data)
    page = ui.get(job_url).text
    assert 'id="preview"' in page and 'id="header_row"' not in page
    response = ui.post(f"{job_url}/header", data={"csrf": csrf_of(page), "header_row": "2"})
    assert response.status_code == 422
    assert "JSON Lines のファイルには見出しの行がありません" in response.text


def test_the_reviews_apply_below_the_chosen_header_row(ui: TestClient) -> None:
    rows = [*TWO_HEADERS[:2], ("R5-001", "本庁", "なんとなく"),
            ("R5-002", "支所", "よくわからない")]
    job_url = upload(ui, "forms.csv", cp932_csv(rows))
    page = choose_header(ui, job_url, "2")
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "3"})
    wait_done(ui, job_url)
    store = ui.app.state.ui.store  # type: ignore[attr-defined]
    item = store.claim_next("佐藤")
    assert item is not None and item.source_row in (3, 4)  # rows as Excel shows them
    store.decide(item.id, "佐藤", "other")
    reviewed = list(csv.reader(io.StringIO(ui.get(f"{job_url}/reviewed").content.decode(
        "cp932"))))
    assert reviewed[0] == list(TWO_HEADERS[0])
    assert reviewed[1][:4] == ["番号", "場所", "記入欄", "判定"] and reviewed[1][-1] == "確認者"
    assert reviewed[item.source_row - 1][-1] == "佐藤"
    assert reviewed[item.source_row - 1][3:5] == ["その他", "other"]
    report = ui.get(f"{job_url}/reviewed-report").text
    assert re.search(r"<dt>件数</dt>\s*<dd>2 件", report)  # the forms below row 2
    assert re.search(rf"<dt>確認済み</dt>\s*<dd>{len(item.same_rows)} 件", report)
