"""理由を判定 marks whole content words, never particles or auxiliaries."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.service.ui.conftest import page_csrf


@pytest.mark.parametrize(("text", "allowed"), [
    ("来月、夫の転勤で大阪に引っ越すため返納します",
     {"来月", "夫", "転勤", "大阪", "引っ越す", "返納"}),
    ("ニュースで不祥事を見て怖くなった", {"ニュース", "不祥事", "見", "怖く"}),
])
def test_marked_words_are_content_words(ui: TestClient, text: str, allowed: set[str]) -> None:
    html = ui.post("/", data={"text": text, "csrf": page_csrf(ui)}).text
    explained = html.split('id="explained">')[1].split("</p>")[0]
    marked = set(re.findall(r'<mark class="(?:for|against)">([^<]*)</mark>', explained))
    assert marked
    assert marked <= allowed
