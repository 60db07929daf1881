"""What a clerk's trial of the page found (December 2026), kept fixed: the bars say they are the
form's primary reason, not "mentioned"; long words wrap inside their boxes; the preview
shows cells as written; a notice that is news is not drawn as an error; the counts at
labelling time say so beside the current review progress; the 複数回答 counts are shown."""

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.labelling.reason_cells import parse_reasons
from henno.model.classifier import Classifier, Prediction
from henno.model.labels import LABEL_JA, LABELS
from tests.service.ui.conftest import csrf_of, page_csrf
from tests.service.ui.test_file_review import LEDGER, labelled, store_of
from tests.service.ui.test_files_page import cp932_csv, upload, wait_done
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]
CSS = Path(__file__).parents[3] / "service" / "ui" / "static" / "app.css"
TWO_REASONS = "来月引っ越す予定だし、ニュースで見た不祥事にもうんざりしたので"
LONG_URL = "https://example.invalid/" + "a" * 90


def _section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def _css_rules() -> list[tuple[list[str], str]]:
    """(selectors, declarations) of every rule of app.css outside @media."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    return [([s.strip() for s in selectors.split(",")], body)
            for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text)]


def _declared(selector: str, declaration: str) -> bool:
    return any(selector in selectors and declaration in re.sub(r"\s+", " ", body)
               for selectors, body in _css_rules())


def test_the_bars_say_they_are_the_primary_reasons_likelihood(ui: TestClient,
                                                               several_reasons: None) -> None:
    html = ui.post("/", data={"text": TWO_REASONS, "csrf": page_csrf(ui)}).text
    # The reasons listed include a label the bars put low: the heading and its sentence say
    # the bars are about the form's primary reason, so the two do not contradict.
    assert "理由に含まれます（複数回答の集計で数えます）" in _section(html, 'id="reasons"', "</ul>")
    assert '<h3 id="scores-title">判定としての確からしさ</h3>' in html
    meaning = _section(html, 'id="scores-meaning">', "</p>")
    assert "判定（1 枚に 1 つ選ぶ理由）になる確からしさ" in meaning
    assert "判定に選ばれなかったラベルは低く表示されます" in meaning
    assert '<table class="scores" aria-labelledby="scores-title">' in html
    assert "<summary>判定のしかた（各ラベルの意味と例）</summary>" in html
    for jargon in ("ラベルごとのスコア", "ラベルの決め方", "スコア", "モデルの確信"):
        assert jargon not in html, jargon


def test_the_review_flag_speaks_plainly(ui: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    predict = Classifier.predict

    def flagged(self: Classifier, texts: list[str]) -> list[Prediction]:
        return [replace(p, needs_review=True) for p in predict(self, texts)]

    monkeypatch.setattr(Classifier, "predict", flagged)
    html = ui.post("/", data={"text": "なんとなく", "csrf": page_csrf(ui)}).text
    assert _section(html, 'id="needs-review">', "</p>") == (
        "要確認: 判定の確からしさが低いため、職員が確認することをおすすめします。")
    assert "確信" not in html


def test_the_review_page_shows_the_same_words(ui: TestClient) -> None:
    empty = ui.get("/review").text
    assert "判定の確からしさが低い行がここに入ります" in empty and "確信" not in empty


def test_long_words_wrap_in_every_box_of_resident_text() -> None:
    for selector in (".explained", "ul.reasons li", "blockquote", ".source"):
        assert _declared(selector, "overflow-wrap: anywhere"), selector
    # The preview keeps its cells as written: runs of spaces are not collapsed.
    assert _declared(".preview td", "white-space: pre;")
    assert _declared(".preview-wrap", "scrollbar-color")


def test_a_long_url_is_shown_escaped_and_whole(ui: TestClient) -> None:
    text = f"引っ越しのため。詳細は {LONG_URL}?a=<b>&c=1 を参照"
    html = ui.post("/", data={"text": text, "csrf": page_csrf(ui)}).text
    for box in ("reasons-text", "explained"):
        shown = re.sub(r"<[^>]*>", "", _section(html, f'id="{box}">', "</p>"))
        assert LONG_URL in shown and "?a=&lt;b&gt;&amp;c=1" in shown, box
    assert "?a=<b>" not in html


def test_the_preview_shows_cells_as_written(ui: TestClient) -> None:
    rows = [("受付番号", "返納理由", "窓口"),
            ("R8-11-004", "理由  1. 転勤  2. 暗証番号がわからない", "本庁（市民課）"),
            ("R8-11-007", "+81 海外へ転出のため", "北支所"),
            ("R8-11-008", "<b>転居</b>  です", "北支所")]
    page = ui.get(upload(ui, "forms.csv", cp932_csv(rows))).text
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert cells[3:] == ["R8-11-004", "理由  1. 転勤  2. 暗証番号がわからない", "本庁（市民課）",
                         "R8-11-007", "+81 海外へ転出のため", "北支所",
                         "R8-11-008", "&lt;b&gt;転居&lt;/b&gt;  です", "北支所"]
    assert "Excel の表示と同じです" in page
    # Wider than a tablet: it scrolls in its own box, and a line says so (shown by app.js).
    assert 'class="table-wrap preview-wrap"' in page
    assert 'data-scroll-cue="preview-scroll"' in page
    assert re.search(r'<p class="hint scroll-cue" id="preview-scroll" hidden>[^<]*横にスクロール',
                     page)


def test_the_preview_still_hides_personal_data_in_a_cell_with_spaces(ui: TestClient) -> None:
    rows = [("返納理由", "電話"), ("山田 太郎さんに頼まれた", "090 1234 4321")]
    page = ui.get(upload(ui, "forms.csv", cp932_csv(rows))).text
    assert "山田" not in page and "1234" not in page and "4321" not in page


def test_a_file_queued_before_is_news_not_an_error(ui: TestClient) -> None:
    labelled(ui, upload(ui, "返納受付簿.csv", cp932_csv(LEDGER)))
    again = upload(ui, "返納受付簿のコピー.csv", cp932_csv(LEDGER))
    labelled(ui, again)
    page = ui.get(again).text
    notice = _section(page, 'id="job-notice"', "</p>")
    assert "前に同じファイルをアップロードしたときに一覧に入っています" in notice
    assert re.search(r'<p class="notice" role="status" id="job-notice">', page)
    assert not re.search(r'<p class="message"[^>]*id="job-notice"', page)


def test_after_review_the_counts_say_when_they_were_made(ui: TestClient) -> None:
    job_url = upload(ui, "返納受付簿.csv", cp932_csv(LEDGER))
    labelled(ui, job_url)
    before = ui.get(job_url).text
    assert "判定した時点の要確認" in before and "「要確認」の一覧に入れました" in before
    store = store_of(ui)
    while (item := store.claim_next("佐藤")) is not None:
        store.decide(item.id, "佐藤", "other")
    page = ui.get(job_url).text
    assert "は「要確認」の一覧に入りました" not in page  # read as "still to do"
    assert "<caption>判定した時点の行の件数</caption>" in page
    progress = _section(page, 'id="review-progress">', "</p>")
    assert progress.startswith("「要確認」の一覧での確認の状況（現在）: 確認済み ")
    assert "残り 0 件" in progress
    assert "この表は判定した時点の数で、その後の確認は含みません" in page
    assert "要確認の行を確認する" not in page  # nothing is left to review
    assert "要確認の行を確認する" in before
    # The sentence on the current state comes before the table of the counts at labelling.
    assert page.index('id="review-progress"') < page.index('id="row-counts"')


def test_the_done_page_shows_the_multiple_answer_counts(ui: TestClient,
                                                         several_reasons: None) -> None:
    rows = [("受付日", "返納理由"), ("2026-10-01", TWO_REASONS),
            ("2026-10-02", "相次ぐ不祥事で信用できない"), ("2026-10-03", "転勤で引っ越すため"),
            ("2026-10-04", "")]
    job_url = upload(ui, "返納届.csv", cp932_csv(rows))
    ui.post(f"{job_url}/start", data={"csrf": csrf_of(ui.get(job_url).text), "text_column": "2"})
    wait_done(ui, job_url)
    page = ui.get(job_url).text
    table = _section(page, 'id="label-counts"', "</table>")
    assert "<caption>返納理由別の件数</caption>" in table and "補正前" not in page
    assert ">判定の件数</th>" in table and "理由に含まれる件数<br>（複数回答）" in table
    assert "主な理由" not in table  # the page's words for a reason stated as the main one
    shown = {name: (int(primary), int(mentioned)) for name, primary, mentioned in re.findall(
        r'<th scope="row">([^<]+)</th><td class="num">([\d,]+)</td><td class="num">([\d,]+)',
        table)}
    assert list(shown) == [LABEL_JA[label] for label in LABELS]
    # As the labelled file says: its 判定 column, and every label of its 理由（すべて） column.
    download = list(csv.DictReader(io.StringIO(
        ui.get(f"{job_url}/download").content.decode("cp932"))))
    for label in LABELS:
        name = LABEL_JA[label]
        primary = sum(row["判定"] == name for row in download)
        mentioned = sum(label in parse_reasons(row["理由（すべて）"])[0] for row in download)
        assert shown[name] == (primary, mentioned), name
    assert shown["相次ぐ不祥事"][1] > shown["相次ぐ不祥事"][0]  # TWO_REASONS counts it too
    meaning = _section(page, 'id="label-counts-meaning">', "</p>")
    assert "足しても用紙の数にはなりません" in meaning
    assert "補正した推定は、集計レポートの「詳しい説明」にあります" in meaning
