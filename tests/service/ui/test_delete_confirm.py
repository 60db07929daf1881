"""「このファイルを今すぐ削除」 asks first (static JS reads data-confirm: no inline script)
and then says what it did."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.service.ui.conftest import csrf_of
from tests.service.ui.test_files_page import upload

APP_JS = Path(__file__).parents[3] / "service" / "ui" / "static" / "app.js"
CSV = "返納理由\n引っ越しのため\n".encode()


def _delete_form(html: str) -> str:
    found = re.search(r'<form method="post" action="/files/[^"]+/delete"[^>]*>', html)
    assert found, "the page has no delete form"
    return found.group(0)


def test_deleting_a_file_asks_first_and_says_it_was_deleted(ui: TestClient) -> None:
    job_url = upload(ui, "forms.csv", CSV)
    job_page = ui.get(job_url).text
    asked = "と判定結果を削除します。元に戻せません。よろしいですか？"
    assert f'data-confirm="このファイル（forms.csv）{asked}"' in _delete_form(job_page)
    listed = _delete_form(ui.get("/files").text)
    assert 'data-confirm="forms.csv を削除します。元に戻せません。よろしいですか？"' in listed
    deleted = ui.post(f"{job_url}/delete", data={"csrf": csrf_of(job_page)})
    assert deleted.status_code == 200
    assert '<p class="notice" role="status" id="notice">ファイルを削除しました</p>' in deleted.text
    assert "forms.csv" not in deleted.text


def test_the_page_script_asks_before_a_data_confirm_form_is_sent() -> None:
    script = APP_JS.read_text("utf-8")
    assert 'querySelectorAll("form[data-confirm]")' in script
    assert "window.confirm(form.dataset.confirm)" in script
