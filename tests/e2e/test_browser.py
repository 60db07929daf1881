"""The clerk's page in a real browser: log in, classify, label a CP932 file, review with the
keyboard, and find the reviews in the export."""

import csv
import io
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from henno.model.labels import LABEL_JA, LABELS
from henno.review.store import NewItem, ReviewStore
from tests.e2e.conftest import Server, add_clerks, log_in, screenshot
from tests.service.accounts import PASSWORD
from tests.service.live import serve

pytestmark = pytest.mark.browser
TEXT = "来月、夫の転勤で大阪に引っ越すため返納します"
FORM_ROWS = [("受付日", "窓口", "返納理由"),
             ("2026-10-01", "本庁", "来月、夫の転勤で大阪に引っ越すため返納します"),
             ("2026-10-02", "支所", "情報漏えいのニュースを見て不安になった"),
             ("2026-11-03", "本庁", "別人の口座が紐付けられていたと聞いた"),
             ("2026-11-05", "本庁", "なんとなく")]


def api_label(server: Server, text: str) -> str:
    request = urllib.request.Request(f"{server.url}/v1/classify",
                                     data=json.dumps({"text": text}).encode(),
                                     headers={"content-type": "application/json",
                                              "authorization": f"Bearer {server.key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["label"])


# First in the module: run after any other browser test in this session, its decisions
# were not found in the export (not root-caused yet; the round trip in
# test_roundtrip.py proves decisions reach the reviewed download).
@pytest.fixture
def review_server(small_model_dir: Path, tmp_path: Path) -> Iterator[Server]:
    """A server of its own: its 要確認 holds the seeded items only, whatever ran before."""
    state = tmp_path / "state"
    with serve(small_model_dir, env={"HENNO_STATE_DIR": str(state)},
               before_start=add_clerks) as (port, _):
        yield Server(f"http://127.0.0.1:{port}", state, small_model_dir)


def test_review_three_items_with_the_keyboard_and_find_them_in_the_export(
        page: Page, review_server: Server, tmp_path: Path) -> None:
    server = review_server
    texts = seed_review_items(server)
    log_in(page, server, reviewer="窓口B")
    page.get_by_role("link", name="要確認").click()
    chosen: dict[str, str] = {}
    # 2 (scandal) then Enter; Enter alone confirms the model's label; 3 (errors) then Enter.
    for keys, label in ((["2", "Enter"], "scandal"), (["Enter"], None),
                        (["3", "Enter"], "errors")):
        text = page.locator("#review-text").inner_text()
        remaining = page.locator("#remaining").inner_text()
        if label is None:
            screenshot(page, "review")
            label = page.locator("#review-item").get_attribute("data-model-label") or ""
        for key in keys:
            page.keyboard.press(key)
        expect(page.locator("#remaining")).not_to_have_text(remaining)
        chosen[text] = label
    # U undoes the last decision, and the same item comes back; decide it again.
    last = list(chosen)[-1]
    page.keyboard.press("u")
    expect(page.locator("#notice")).to_have_text("直前の判定を取り消しました")
    expect(page.locator("#review-text")).to_have_text(last)
    page.keyboard.press("3")
    page.keyboard.press("Enter")
    expect(page.locator("#notice")).to_contain_text("確定しました")
    # Tab to a label and Enter: the focused label is the one saved.
    text = page.locator("#review-text").inner_text()
    page.locator("button.choice").first.focus()
    page.keyboard.press("Tab")  # to the second label: 相次ぐ不祥事
    page.keyboard.press("Enter")
    expect(page.locator("#notice")).to_have_text("「相次ぐ不祥事」で確定しました")
    chosen[text] = "scandal"
    exported = {row["text"]: row for row in export(server, tmp_path / "feedback.csv")}
    assert set(texts) & set(chosen), "the seeded items were not the ones reviewed"
    for text, label in chosen.items():
        assert exported[text]["label"] == label
        assert exported[text]["reviewed_by"] == "user:窓口B"  # the logged-in account


def test_login_by_name_and_password(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/review")
    expect(page).to_have_url(f"{server.url}/login?next=/review")
    screenshot(page, "login")
    page.fill("#name", "窓口A")
    page.fill("#password", "wrong-password-0000")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("利用者名またはパスワードが違います")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{server.url}/review")
    expect(page.locator(".who")).to_contain_text("窓口A（職員）")
    cookie = next(c for c in page.context.cookies() if c["name"] == "henno_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_classify_a_text_and_see_its_label(page: Page, server: Server) -> None:
    log_in(page, server)
    page.fill("#text", TEXT)
    page.press("#text", "Control+Enter")  # the keyboard alone is enough
    expected = LABEL_JA[api_label(server, TEXT)]
    expect(page.locator("#result-label")).to_have_text(expected)
    expect(page.locator("#result meter")).to_have_count(len(LABELS))
    expect(page.locator("#explained mark.for").first).to_be_visible()
    screenshot(page, "classify")


def test_upload_cp932_csv_and_download_the_labelled_file(page: Page, server: Server,
                                                          tmp_path: Path) -> None:
    log_in(page, server)
    source = tmp_path / "返納届.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(FORM_ROWS)
    source.write_bytes(buffer.getvalue().encode("cp932"))
    page.get_by_role("link", name="ファイルを判定").click()
    page.set_input_files("#file", str(source))
    screenshot(page, "files-upload")
    page.click("button.primary")
    expect(page.locator("#text_column option:checked")).to_have_text("C: 返納理由")  # detected
    page.get_by_label("B: 窓口").check()
    screenshot(page, "files-columns")
    page.click("text=判定を始める")
    expect(page.locator("#job-done")).to_be_visible(timeout=60_000)
    screenshot(page, "files-done")
    with page.expect_download() as download_info:
        page.click("#download")
    download = download_info.value
    assert download.suggested_filename == "返納届_labelled.csv"
    saved = tmp_path / "labelled.csv"
    download.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("cp932"))))
    assert rows[0][:3] == list(FORM_ROWS[0]) and rows[0][3:5] == ["判定", "判定コード"]
    assert [row[4] for row in rows[1:]] == [api_label(server, r[2]) for r in FORM_ROWS[1:]]
    page.click("#report")
    expect(page.locator("h1")).to_have_text("返納理由の集計")
    screenshot(page, "files-report")


def seed_review_items(server: Server) -> list[str]:
    # Four decisions follow (three, an undo and its redo, one more by Tab): four items.
    texts = ["窓口で説明がよくわからなかった", "制度そのものに反対だから",
             "住所が変わるので一応返します", "家族と相談して決めました"]
    store = ReviewStore.open(server.database_url)
    try:
        uncertain = {label: 0.2 for label in LABELS}
        store.add_items([NewItem(text, "other", {**uncertain, "other": 0.2 + 0.01 * i},
                                 "seed.csv", i + 1) for i, text in enumerate(texts)])
    finally:
        store.close()
    return texts


def export(server: Server, path: Path) -> list[dict[str, str]]:
    env = {**os.environ, "HENNO_DATABASE_URL": server.database_url}
    subprocess.run([sys.executable, "-m", "henno.cli.main", "feedback", "export", "-o", str(path)],
                   env=env, check=True, capture_output=True)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_model_page_shows_versions_and_metrics(page: Page, server: Server) -> None:
    log_in(page, server)
    page.get_by_role("link", name="モデル").click()
    expect(page.locator("#current-version")).to_be_visible()
    expect(page.locator("table.confusion td.diagonal")).to_have_count(len(LABELS))
    screenshot(page, "model")


def test_pages_fit_a_tablet(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, server)
    for path, name in (("/", "tablet-classify"), ("/review", "tablet-review")):
        page.goto(f"{server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768, f"{path} scrolls sideways on a tablet ({width} px)"
        screenshot(page, name)


def test_two_worker_processes_share_sessions_jobs_and_the_queue(
        page: Page, small_model_dir: Path, tmp_path: Path) -> None:
    # Requests land on either worker: the sessions, the job folders and the review
    # database are shared through the state folder, so the clerk sees one application.
    state = tmp_path / "state"
    env = {"HENNO_STATE_DIR": str(state)}
    with serve(small_model_dir, workers=2, env=env, before_start=add_clerks) as (port, _):
        server = Server(f"http://127.0.0.1:{port}", state, small_model_dir)
        log_in(page, server)
        source = tmp_path / "forms.csv"
        source.write_text("理由\n" + "\n".join(r[2] for r in FORM_ROWS[1:]) + "\n",
                          encoding="utf-8")
        page.goto(f"{server.url}/files")
        page.set_input_files("#file", str(source))
        page.click("button.primary")
        page.click("text=判定を始める")
        expect(page.locator("#job-done")).to_be_visible(timeout=60_000)
        job_url = page.url
        for _ in range(6):  # every page opens on whichever worker answers
            page.goto(f"{server.url}/model")
            expect(page.locator("#current-version")).to_be_visible()
            page.goto(job_url)
            expect(page.locator("#job-done")).to_be_visible()
        with page.expect_download() as download_info:
            page.click("#download")
        assert download_info.value.suggested_filename == "forms_labelled.csv"
        # The clerk's claimed item is the same whichever worker shows the queue.
        seed_review_items(server)
        shown = set()
        for _ in range(4):
            page.goto(f"{server.url}/review")
            shown.add(page.locator("#review-item").get_attribute("data-item"))
        assert len(shown) == 1 and None not in shown
