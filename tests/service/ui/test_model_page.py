"""モデル: metrics, versions, retraining from reviews and switching versions with the token."""

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.accounts import Role
from henno.model import store as versions
from henno.model.artifacts import ARTIFACT_FILE, read_metadata
from henno.model.artifacts import sha256_file as artifacts_sha256
from henno.review.store import NewItem
from henno.service.ui.filters import as_jst, as_percent
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.service.accounts import sign_in_as
from tests.service.ui.conftest import csrf_of, page_csrf, ui_client
from tests.service.ui.test_review_page import scores, start_reviewing, store_of


def test_model_page_shows_version_metrics_and_confusion(ui: TestClient) -> None:
    html = ui.get("/model").text
    version = ui.get("/v1/model").json()["version"]
    assert f'id="current-version">{version}<' in html
    assert "混同行列" in html and html.count('class="num diagonal"') == 5


def test_model_page_shows_times_in_jst_and_metrics_as_percentages(ui: TestClient) -> None:
    html = ui.get("/model").text
    metadata = ui.get("/v1/model").json()
    assert f"作成 {as_jst(metadata['created_at'])} ・" in html
    assert re.search(r"作成 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d ・", html)
    test = metadata["metrics"]["test"]
    assert f"正解率 {as_percent(test['accuracy'])}、macro-F1 {as_percent(test['macro_f1'])}" in html
    metrics = html.split('class="metrics"')[1].split("</table>")[0]
    assert not re.search(r">0\.\d{3}<", metrics) and metrics.count("%<") == 15
    versions = html.split('id="versions"')[1].split("</table>")[0]
    assert not re.search(r"\d{4}-\d\d-\d\dT", versions)
    assert re.search(r'<td class="nowrap">\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d</td>', versions)
    assert html.count('class="table-scroll"') == 3


def test_switching_to_an_unknown_version_is_refused(ui: TestClient) -> None:
    # Who may switch at all: test_auth_roles.py.
    csrf = page_csrf(ui, "/model")
    unknown = ui.post("/model/use", data={"version": "19990101T000000Z-000000", "csrf": csrf})
    assert unknown.status_code == 409


def test_a_broken_version_is_refused_without_server_paths(
        tmp_path: Path, small_model: TrainResult, small_data: tuple[Path, Path]) -> None:
    models, broken = tmp_path / "models", "20990101T000000Z-bad000"
    install_model(small_model, models)
    clone_version(models, small_model.version, broken)
    (models / broken / ARTIFACT_FILE).write_bytes(b"tampered")
    with ui_client(models, tmp_path / "state", small_data) as client:
        csrf = page_csrf(client, "/model")
        response = client.post("/model/use", data={"version": broken, "csrf": csrf})
    assert response.status_code == 409
    assert f"この版に切り替えられません: {broken}/model.joblib does not match" in response.text
    assert str(tmp_path) not in response.text


def test_a_broken_current_is_hashed_once_per_change_never_by_a_view(
        tmp_path: Path, small_model: TrainResult, small_data: tuple[Path, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    models, broken = tmp_path / "models", "20990101T000000Z-bad000"
    install_model(small_model, models)
    clone_version(models, small_model.version, broken)
    good = (models / broken / ARTIFACT_FILE).read_bytes()
    hashed: list[Path] = []

    def counting_sha256(path: Path) -> str:
        hashed.append(path)
        return artifacts_sha256(path)

    monkeypatch.setattr("henno.model.artifacts.sha256_file", counting_sha256)
    # The follower's own ticks never come within the test: it triggers each look.
    with ui_client(models, tmp_path / "state", small_data, model_check_seconds=300) as client:
        follower = client.app.state.follower  # type: ignore[attr-defined]
        (models / broken / ARTIFACT_FILE).write_bytes(b"tampered")
        versions.set_current(models, broken)
        hashed.clear()
        for path in ("/", "/model", "/review"):
            assert client.get(path).status_code == 200
        assert hashed == []  # a page view never loads a model
        for _ in range(3):
            client.portal.call(follower.check)  # type: ignore[union-attr]
        assert len(hashed) == 1
        assert client.get("/v1/model").json()["version"] == small_model.version
        (models / broken / ARTIFACT_FILE).write_bytes(good)  # repaired: tried again
        client.portal.call(follower.check)  # type: ignore[union-attr]
        assert client.get("/v1/model").json()["version"] == broken


def wait_retrained(client: TestClient, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get("/model/retrain/status").json()
        if state["status"] in ("done", "failed"):
            return str(state["message"])
        time.sleep(0.2)
    raise TimeoutError("retraining did not finish")


def test_retrain_from_reviews_then_roll_back(tmp_path: Path, small_model: TrainResult,
                                             small_data: tuple[Path, Path]) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    first = versions.current_version(models)
    with ui_client(models, tmp_path / "state", small_data) as client:
        store_of(client).add_items([NewItem("窓口で手続きが面倒だった", "other",
                                            scores("other", 0.01), "a.csv", 1)])
        html = start_reviewing(client, "窓口A")
        item = int(re.search(r'name="item_id" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
        client.post("/review/decide", data={"item_id": item, "label": "system_distrust",
                                            "csrf": csrf_of(html)})
        sign_in_as(client, "kanri", Role.ADMIN)  # a clerk reviews, an admin retrains
        csrf = page_csrf(client, "/model")
        client.post("/model/retrain", data={"csrf": csrf})
        message = wait_retrained(client)
        assert "確認済み 1 件を使用" in message
        new = versions.list_versions(models)[-1]
        assert new != first
        assert read_metadata(versions.version_path(models, new))["training_data"][
            "feedback_rows"] == 1
        row = client.get("/model").text.split(f"<code>{new}</code>")[1].split("</tr>")[0]
        assert '<td class="num">1</td>' in row  # the versions list shows the reviewed rows
        response = client.post("/model/use", data={"version": first, "csrf": csrf})
        assert "現在の版を切り替えました" in response.text
        assert versions.current_version(models) == first
        assert client.get("/v1/model").json()["version"] == first
