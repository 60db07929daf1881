"""理由を判定: the label, every score, the review flag and the marked words."""

import re

import pytest
from fastapi.testclient import TestClient

from henno.model.labels import LABEL_JA, LABELS
from tests.service.ui.conftest import page_csrf

TEXT = "来月、夫の転勤で大阪に引っ越すため返納します"


def test_classify_page_shows_label_scores_and_marked_words(ui: TestClient) -> None:
    csrf = page_csrf(ui)
    response = ui.post("/", data={"text": TEXT, "csrf": csrf})
    assert response.status_code == 200
    html = response.text
    assert f'id="result-label">{LABEL_JA["relocation"]}<' in html
    assert html.count("<meter") == len(LABELS)
    explained = html.split('id="explained">')[1].split("</p>")[0]
    assert '<mark class="for">' in explained
    assert "Content-Security-Policy".lower() in {k.lower() for k in response.headers}


def test_classify_page_shows_no_label_id_and_explains_the_labels(ui: TestClient) -> None:
    csrf = page_csrf(ui)
    html = ui.post("/", data={"text": TEXT, "csrf": csrf}).text
    title = re.sub(r"<[^>]*>", "", html.split('id="result-title">')[1].split("</h2>")[0])
    assert all(label not in title for label in LABELS)
    assert LABEL_JA["relocation"] in title
    guide = html.split('id="label-guide"')[1].split("</details>")[0]
    assert all(LABEL_JA[label] in guide for label in LABELS)
    assert guide.count("例: 「") == len(LABELS)
    assert "転居 → 誤り・不具合 → 相次ぐ不祥事 → 制度への不信 → その他" in guide


def test_classify_page_refuses_empty_and_long_text(ui: TestClient) -> None:
    csrf = page_csrf(ui)
    empty = ui.post("/", data={"text": "   ", "csrf": csrf})
    assert empty.status_code == 422
    assert "返納理由を入力してください" in empty.text
    long = ui.post("/", data={"text": "あ" * 5001, "csrf": csrf})
    assert long.status_code == 422
    assert "長すぎます" in long.text


def test_classify_page_answer_is_not_cached(ui: TestClient) -> None:
    response = ui.post("/", data={"text": TEXT, "csrf": page_csrf(ui)})
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("text", ["制度 不信 し", "a b c", " ", "0000 1111", "😀" * 50])
def test_classify_page_answers_odd_texts(ui: TestClient, text: str) -> None:
    response = ui.post("/", data={"text": text, "csrf": page_csrf(ui)})
    assert response.status_code in (200, 422)
