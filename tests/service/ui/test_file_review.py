"""ファイルを判定 and 要確認 together: items know their file, Excel row and 受付番号; identical
texts are one item; the same file uploaded again queues nothing; the reviewed labels come
back in 「確認結果を反映してダウンロード」; the clerk's recent files are listed."""

import csv
import io
import re
from pathlib import Path

from fastapi.testclient import TestClient

from henno.review.store import ReviewStore
from tests.forms.ledger import ledger_workbook
from tests.service.ui.conftest import csrf_of
from tests.service.ui.test_files_page import cp932_csv, upload, wait_done

VAGUE = ["なんとなく", "よくわからない", "なんとなく", "特になし", "なんとなく"]
LEDGER = [("受付番号", "返納理由"), *[(f"R5-{n:03d}", text) for n, text in enumerate(VAGUE, 1)]]


def store_of(client: TestClient) -> ReviewStore:
    store = client.app.state.ui.store  # type: ignore[attr-defined]
    assert isinstance(store, ReviewStore)
    return store


def labelled(client: TestClient, job_url: str) -> None:
    page = client.get(job_url).text
    assert '<option value="1" selected>A: 受付番号</option>' in page  # found for the clerk
    client.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "2",
                                          "id_column": "1"})
    wait_done(client, job_url)


def flagged_rows(client: TestClient, job_url: str) -> dict[str, list[int]]:
    """Text -> the Excel rows (header in row 1) the labelled file flags with that text."""
    rows = list(csv.reader(io.StringIO(client.get(f"{job_url}/download").content.decode(
        "cp932"))))
    flag = rows[0].index("要確認") if "要確認" in rows[0] else rows[0].index("needs_review")
    found: dict[str, list[int]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if row[flag] in ("要確認", "True"):
            found.setdefault(row[1], []).append(number)
    return found


def test_items_know_their_row_form_number_and_identical_rows(ui: TestClient) -> None:
    job_url = upload(ui, "返納受付簿.csv", cp932_csv(LEDGER))
    labelled(ui, job_url)
    expected = flagged_rows(ui, job_url)
    assert expected, "the small model flags these vague reasons"
    store = store_of(ui)
    items = [store.get(i) for i in range(1, store.counts().pending + 1)]
    assert {(i.text, i.source_row, tuple(i.same_rows), i.id_column, i.record_id)
            for i in items if i} == {
        (text, rows[0], tuple(rows), "受付番号", f"R5-{rows[0] - 1:03d}")
        for text, rows in expected.items()}
    page = ui.get("/review").text
    assert re.search(r"返納受付簿\.csv ・ \d+ 行目（受付番号: R5-\d{3}）", page)


def test_the_same_file_uploaded_again_queues_nothing(ui: TestClient) -> None:
    labelled(ui, upload(ui, "返納受付簿.csv", cp932_csv(LEDGER)))
    queued = store_of(ui).counts().pending
    again = upload(ui, "返納受付簿のコピー.csv", cp932_csv(LEDGER))
    labelled(ui, again)
    assert store_of(ui).counts().pending == queued
    assert "前に同じファイルをアップロードしたときに一覧に入っています" in ui.get(again).text


def test_reviewed_labels_come_back_in_the_corrected_download(ui: TestClient) -> None:
    job_url = upload(ui, "返納受付簿.csv", cp932_csv(LEDGER))
    labelled(ui, job_url)
    assert 'id="reviewed"' not in ui.get(job_url).text  # nothing reviewed yet
    store = store_of(ui)
    item = store.claim_next("佐藤")
    assert item is not None
    store.decide(item.id, "佐藤", "system_distrust")
    page = ui.get(job_url).text
    assert f'href="{job_url}/reviewed"' in page and "確認済み 1 件" in page
    response = ui.get(f"{job_url}/reviewed")
    assert response.status_code == 200
    assert "%E8%BF%94%E7%B4%8D%E5%8F%97%E4%BB%98%E7%B0%BF_labelled_reviewed.csv" in (
        response.headers["content-disposition"])
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    assert rows[0][-1] == "確認者"
    reviewed = [row for row in rows[1:] if row[-1] == "佐藤"]
    assert [row[0] for row in reviewed] == [f"R5-{n - 1:03d}" for n in item.same_rows]
    code = rows[0].index("判定コード") if "判定コード" in rows[0] else rows[0].index("label")
    assert {row[code] for row in reviewed} == {"system_distrust"}
    folder = ui.app.state.ui.jobs.folder(job_url.rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert not list(folder.glob(".reviewed-*"))  # made for the download, then deleted


def test_the_files_page_lists_the_clerks_recent_files(ui: TestClient) -> None:
    assert "最近のファイル" not in ui.get("/files").text
    done_url = upload(ui, "返納受付簿_10月.csv", cp932_csv(LEDGER))
    labelled(ui, done_url)
    waiting_url = upload(ui, "返納受付簿_11月.csv", cp932_csv(LEDGER))
    page = ui.get("/files").text
    listed = page.split('id="my-files"', 1)[1]
    assert listed.index("返納受付簿_11月.csv") < listed.index("返納受付簿_10月.csv")  # newest first
    assert "列の選択待ち" in listed and "完了" in listed
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", listed)
    assert f'href="{done_url}/download"' in listed and f'href="{done_url}/report"' in listed
    assert f'action="{waiting_url}/delete"' in listed


def test_rows_of_a_ledger_are_numbered_as_excel_shows_them(ui: TestClient) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "令和5年度 マイナンバーカード返納受付簿"
    sheet.append([])
    sheet.append(["受付番号", "返納理由"])  # the header, in row 3
    sheet.append(["R5-001", "なんとなく"])  # row 4
    sheet.append([])  # row 5: blank, not read
    for number, text in enumerate(VAGUE[1:], 2):
        sheet.append([f"R5-{number:03d}", text])  # rows 6 to 9
    buffer = io.BytesIO()
    book.save(buffer)
    job_url = upload(ui, "受付簿.xlsx", buffer.getvalue())
    labelled(ui, job_url)
    store = store_of(ui)
    items = [store.get(i) for i in range(1, store.counts().pending + 1)]
    assert items, "the small model flags these vague reasons"
    excel_row = {f"R5-{n:03d}": row for n, row in zip(range(1, 6), (4, 6, 7, 8, 9))}
    assert all(i is not None and i.source_row == excel_row[i.record_id or ""] for i in items)


def report_counts(html: str) -> dict[str, int]:
    return {name: int(count.replace(",", "")) for name, count in
            re.findall(r"<dt>([^<]+)</dt>\s*<dd>([\d,]+) 件", html)}


def test_the_report_with_the_reviews_counts_reviewed_rows_as_verified(ui: TestClient) -> None:
    job_url = upload(ui, "返納受付簿.csv", cp932_csv(LEDGER))
    labelled(ui, job_url)
    assert 'id="reviewed-report"' not in ui.get(job_url).text  # nothing reviewed yet
    before = report_counts(ui.get(f"{job_url}/report").text)
    store = store_of(ui)
    item = store.claim_next("佐藤")
    assert item is not None
    store.decide(item.id, "佐藤", "system_distrust")
    assert f'href="{job_url}/reviewed-report"' in ui.get(job_url).text
    assert f'href="{job_url}/reviewed-report"' in ui.get("/files").text  # the list of files
    response = ui.get(f"{job_url}/reviewed-report")
    assert response.status_code == 200 and "img-src data:" in response.headers[
        "content-security-policy"]
    after = report_counts(response.text)
    reviewed = len(item.same_rows)
    assert after["件数"] == before["件数"] and after["確認済み"] == reviewed
    assert after["要確認"] == before["要確認"] - reviewed
    assert "返納受付簿.csv" in response.text and '<a href="/">' in response.text
    folder = ui.app.state.ui.jobs.folder(job_url.rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert not list(folder.glob(".reviewed-*"))  # made for the page, then deleted


def test_the_report_with_the_reviews_of_a_ledger_counts_the_same_rows(
        ui: TestClient, tmp_path: Path) -> None:
    # A title, a note, the header in row 3 and a 合計 row with COUNTA: not a form, not counted.
    job_url = upload(ui, "返納受付簿.xlsx", ledger_workbook(tmp_path / "l.xlsx").read_bytes())
    page = ui.get(job_url).text
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "4"})
    wait_done(ui, job_url)
    before = report_counts(ui.get(f"{job_url}/report").text)
    store = store_of(ui)
    item = store.claim_next("佐藤")
    assert item is not None
    store.decide(item.id, "佐藤", "other")
    after = report_counts(ui.get(f"{job_url}/reviewed-report").text)
    assert (after["件数"], after["空欄"], after["読めない"]) == (
        before["件数"], before["空欄"], before["読めない"])
    assert after["確認済み"] == len(item.same_rows)
