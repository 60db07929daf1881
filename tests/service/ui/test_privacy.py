"""Personal data typed or uploaded through the web page never reaches the logs, the review
database or a page it was not typed into. All personal data here is fictional."""

import logging

import pytest
from fastapi.testclient import TestClient

from tests.fictional import leaks, logged_text, reason_with, secrets_of
from tests.service.ui.conftest import csrf_of, page_csrf
from tests.service.ui.test_files_page import cp932_csv, upload, wait_done

# A name unidic knows, so that the stored text shows it replaced, not merely unrecognised.
NAME, MAIL = "山田太郎", "taro.yamada@example.invalid"
SECRETS = secrets_of(NAME, MAIL)
TEXT = reason_with(NAME, MAIL, "よくわからないので返します")


def _leaks(blob: str) -> list[str]:
    return leaks(blob, SECRETS)


def test_page_logs_and_review_store_hold_no_personal_data(
        ui: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        ui.post("/", data={"text": TEXT, "csrf": page_csrf(ui)})
        # A file without a header row: its first reason must not be offered as a column name.
        job_url = upload(ui, "forms.csv", cp932_csv([(TEXT, "x"), (TEXT, "y")]))
        columns_page = ui.get(job_url).text
        assert _leaks(columns_page) == []
        ui.post(f"{job_url}/start", data={"csrf": csrf_of(columns_page), "text_column": "1"})
        wait_done(ui, job_url)
    logged = logged_text(caplog.records)
    assert _leaks(logged) == []
    store = ui.app.state.ui.store  # type: ignore[attr-defined]
    stored = [store.get(i) for i in range(1, 10)]
    texts = [item.text for item in stored if item is not None]
    assert texts, "the file's uncertain rows should be waiting for review"
    assert all(_leaks(text) == [] for text in texts), texts
