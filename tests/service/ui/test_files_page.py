"""ファイルを判定: upload, columns, progress, download in the input's encoding, report."""

import csv
import errno
import io
import re
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.review.errors import ReviewStoreError
from henno.service.app import create_app
from tests.service.accounts import sign_in_as
from tests.service.conftest import make_settings
from tests.service.ui.conftest import csrf_of, page_csrf, ui_client

ROWS = [("受付日", "窓口", "返納理由"),
        ("2026-10-01", "本庁", "来月、夫の転勤で大阪に引っ越すため返納します"),
        ("2026-10-02", "支所", "情報漏えいのニュースを見て不安になった"),
        ("2026-11-03", "本庁", "別人の口座が紐付けられていたと聞いた"),
        ("2026-11-04", "支所", ""),
        ("2026-11-05", "本庁", "なんとなく")]


def cp932_csv(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp932")


def upload(client: TestClient, name: str, data: bytes) -> str:
    csrf = page_csrf(client, "/files")
    response = client.post("/files", data={"csrf": csrf}, files={"file": (name, data)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def wait_done(client: TestClient, job_url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(f"{job_url}/status").json()
        if state["status"] in ("done", "failed"):
            assert state["status"] == "done"
            return
        time.sleep(0.1)
    raise TimeoutError("the labelling job did not finish")


def test_cp932_file_is_labelled_downloaded_and_reported(ui: TestClient) -> None:
    job_url = upload(ui, "返納届_10月.csv", cp932_csv(ROWS))
    page = ui.get(job_url).text
    assert '<option value="3" selected>C: 返納理由</option>' in page  # found for the clerk
    response = ui.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "3",
                                                 "group_by": ["1", "2"]},
                       follow_redirects=False)
    assert response.status_code == 303
    wait_done(ui, job_url)
    done = ui.get(job_url).text
    assert "6 行" not in done and "5 行を判定しました" in done
    download = ui.get(f"{job_url}/download")
    assert download.status_code == 200
    assert "%E8%BF%94%E7%B4%8D%E5%B1%8A_10%E6%9C%88_labelled.csv" in download.headers[
        "content-disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("cp932"))))
    assert rows[0][3:6] == ["判定", "判定コード", "確からしさ"]  # columns for people
    assert rows[0][:3] == list(ROWS[0])
    assert [r[4] for r in rows[1:4]] == ["relocation", "scandal", "errors"]
    assert [r[3] for r in rows[1:4]] == ["転居", "相次ぐ不祥事", "誤り・不具合"]
    report = ui.get(f"{job_url}/report")
    assert report.status_code == 200 and "返納理由の集計" in report.text
    assert "img-src data:" in report.headers["content-security-policy"]


def test_flagged_rows_go_to_the_review_queue(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS))
    csrf = csrf_of(ui.get(job_url).text)
    ui.post(f"{job_url}/start", data={"csrf": csrf, "text_column": "3"})
    wait_done(ui, job_url)
    store = ui.app.state.ui.store  # type: ignore[attr-defined]
    flagged = int(re.search(r"判定した時点の要確認 (\d+) 行を", ui.get(job_url).text).group(1))  # type: ignore[union-attr]
    assert store.counts().pending == flagged


def test_unreadable_upload_is_refused_with_a_message(ui: TestClient) -> None:
    csrf = page_csrf(ui, "/files")
    response = ui.post("/files", data={"csrf": csrf}, files={"file": ("forms.pdf", b"%PDF-1.4")})
    assert response.status_code == 422
    assert "このファイルは読めません" in response.text


def test_too_large_upload_is_refused_and_leaves_nothing(service_models: Path, tmp_path: Path,
                                                        small_data: tuple[Path, Path]) -> None:
    with ui_client(service_models, tmp_path, small_data, max_upload_bytes=1000) as client:
        csrf = page_csrf(client, "/files")
        big = cp932_csv(ROWS * 100)
        response = client.post("/files", data={"csrf": csrf}, files={"file": ("a.csv", big)})
        assert response.status_code == 413
        assert not any((tmp_path / "files").iterdir())


def test_another_user_cannot_see_a_job(ui: TestClient, service_models: Path,
                                       tmp_path: Path, small_data: tuple[Path, Path]) -> None:
    sign_in_as(ui, "窓口A")
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS))
    with ui_client(service_models, tmp_path / "state", small_data) as other:
        sign_in_as(other, "窓口B")
        assert other.get(job_url).status_code == 404
        assert other.get(f"{job_url}/download").status_code == 404


def test_a_job_can_be_deleted_at_once(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS))
    csrf = csrf_of(ui.get(job_url).text)
    ui.post(f"{job_url}/delete", data={"csrf": csrf})
    assert ui.get(job_url).status_code == 404


def test_start_refuses_a_column_that_is_not_in_the_file(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS))
    csrf = csrf_of(ui.get(job_url).text)
    for column in ("0", "4", "返納理由", ""):
        response = ui.post(f"{job_url}/start", data={"csrf": csrf, "text_column": column})
        assert response.status_code == 422 and "理由の列を選んでください" in response.text


def test_repeated_headers_label_the_column_chosen(ui: TestClient) -> None:
    rows = [("理由", "窓口", "理由"), ("", "本庁", "来月、夫の転勤で大阪に引っ越すため返納します")]
    job_url = upload(ui, "forms.csv", cp932_csv(rows))
    page = ui.get(job_url).text
    assert len(re.findall(r" selected>[A-Z]+: ", page)) == 1  # one column preselected
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "3"})
    wait_done(ui, job_url)
    labelled = list(csv.reader(io.StringIO(ui.get(f"{job_url}/download").content.decode("cp932"))))
    assert labelled[1][4] == "relocation"  # column 3 was labelled (判定コード), not column 1


def test_a_double_click_starts_the_job_once(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS))
    csrf = csrf_of(ui.get(job_url).text)
    for _ in range(3):
        ui.post(f"{job_url}/start", data={"csrf": csrf, "text_column": "3"})
    wait_done(ui, job_url)
    flagged = int(re.search(r"判定した時点の要確認 (\d+) 行を", ui.get(job_url).text).group(1))  # type: ignore[union-attr]
    assert ui.app.state.ui.store.counts().pending == flagged  # type: ignore[attr-defined]


def test_a_row_with_nothing_left_after_redaction_does_not_fail_the_file(ui: TestClient) -> None:
    lines = ['{"理由": "\\u0000"}', '{"理由": "0000"}', '{"理由": "引っ越しのため"}']
    job_url = upload(ui, "forms.jsonl", "\n".join(lines).encode())
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(ui.get(job_url).text), "text_column": "1"})
    wait_done(ui, job_url)


def test_long_file_names_keep_their_extension(ui: TestClient) -> None:
    job_url = upload(ui, "返" * 300 + ".csv", cp932_csv(ROWS))
    assert ui.get(job_url).status_code == 200


def test_file_errors_are_told_without_server_paths(ui: TestClient) -> None:
    csrf = page_csrf(ui, "/files")
    response = ui.post("/files", data={"csrf": csrf}, files={"file": ("forms.csv", b"")})
    assert response.status_code == 422 and "ファイルが空です" in response.text
    assert "/jobs/" not in response.text and "--format" not in response.text


def test_the_labelled_file_is_offered_when_the_review_store_is_down(
        ui: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise ReviewStoreError("the review database is unreachable")

    monkeypatch.setattr(ui.app.state.ui.store, "add_items", refuse)  # type: ignore[attr-defined]
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS))
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(ui.get(job_url).text), "text_column": "3"})
    wait_done(ui, job_url)
    assert "要確認の一覧に追加できませんでした" in ui.get(job_url).text
    assert ui.get(f"{job_url}/download").status_code == 200


def test_an_upload_declared_too_large_gets_a_page(ui: TestClient) -> None:
    csrf = page_csrf(ui, "/files")
    response = ui.post("/files", data={"csrf": csrf}, files={"file": ("a.csv", b"x")},
                       headers={"content-length": str(10**9)})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "ファイルが大きすぎます" in response.text


def test_an_unexpected_failure_on_a_page_is_a_page(service_models: Path, tmp_path: Path,
                                                   small_data: tuple[Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_settings(service_models, state_dir=tmp_path, train_data=small_data[0],
                             test_data=small_data[1])
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        def broken_disk(*args: object) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(client.app.state.ui.jobs, "create", broken_disk)  # type: ignore[attr-defined]
        response = client.post("/files", data={"csrf": page_csrf(client, "/files")},
                               files={"file": ("a.csv", b"x")})
        assert response.status_code == 500
        assert response.headers["content-type"].startswith("text/html")
        assert "内部エラー" in response.text and "Traceback" not in response.text


STORAGE_FULL = ("サーバーの保存領域がいっぱいです。しばらくしてからもう一度お試しください"
                "（続くときは管理者に連絡してください）")


def _full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_state_disk_at_upload_says_so(ui: TestClient,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("henno.work.folders.write_json", _full_disk)
    csrf = page_csrf(ui, "/files")
    response = ui.post("/files", data={"csrf": csrf}, files={"file": ("a.csv", cp932_csv(ROWS))})
    assert response.status_code == 507
    assert STORAGE_FULL in response.text


@pytest.mark.parametrize(("columns", "options", "note"), [
    (3, 3, None),
    (200, 200, None),
    (1000, 200, "ほかに 799 列あります（一覧には表示していません）。"),
])
def test_the_column_picker_lists_at_most_200_columns(ui: TestClient, columns: int, options: int,
                                                     note: str | None) -> None:
    header = [f"列{i}" for i in range(1, columns)] + ["返納理由"]
    job_url = upload(ui, "wide.csv", cp932_csv([header, ["x"] * columns]))
    page = ui.get(job_url).text
    picker = page.split('<select id="text_column"', 1)[1].split("</select>", 1)[0]
    assert picker.count("<option") == options + (columns > 200)  # the detected one too
    assert f'<option value="{columns}" selected>' in picker
    assert (note in page) if note else "ほかに" not in page


def test_a_running_job_deleted_from_the_page_is_gone(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", cp932_csv(ROWS * 50))
    csrf = csrf_of(ui.get(job_url).text)
    ui.post(f"{job_url}/start", data={"csrf": csrf, "text_column": "3"})
    ui.post(f"{job_url}/delete", data={"csrf": csrf})
    assert ui.get(job_url).status_code == 404
    jobs = ui.app.state.ui.jobs  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while any(jobs.root.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(jobs.root.iterdir()) == []


def test_the_recent_files_are_the_users_own_in_any_browser(ui: TestClient) -> None:
    upload(ui, "forms.csv", cp932_csv(ROWS))
    page = ui.get("/files").text
    assert "<caption>あなたがアップロードしたファイル（2 時間で削除されます）</caption>" in page
    assert "このブラウザー" not in page
