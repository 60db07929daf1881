"""Retraining from the page as work items: one at a time on every worker, and the page's
words for each way it ends."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from henno.audit import AuditAction, AuditTrail
from henno.model.errors import HennoError
from henno.review.db import make_engine, upgrade
from henno.service.ui.retrain import Retrainer, RetrainState, state_of
from henno.settings import Settings
from henno.work.items import INTERNAL, INTERRUPTED, WorkItem, WorkKind, WorkStatus
from henno.work.retrain_job import TRAINING_FAILED, RetrainHandler
from henno.work.runner import Runner
from henno.work.store import WorkStore

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def work(tmp_path: Path) -> Iterator[WorkStore]:
    url = f"sqlite:///{tmp_path / 'henno.db'}"
    upgrade(url)
    store = WorkStore(make_engine(url))
    yield store
    store.close()


def _item(status: WorkStatus, error_code: str | None = None,
          result: dict[str, Any] | None = None) -> WorkItem:
    return WorkItem("id", WorkKind.RETRAIN, "user:admin", status, NOW, NOW,
                    result=result or {}, error_code=error_code)


DONE = {"version": "20261202T090000Z-abc123", "promoted": True, "macro_f1": 0.8123,
        "feedback_rows": 3}


@pytest.mark.parametrize(("item", "state"), [
    (_item(WorkStatus.QUEUED), RetrainState("running", "学習中です（数分かかります）")),
    (_item(WorkStatus.RUNNING), RetrainState("running", "学習中です（数分かかります）")),
    (_item(WorkStatus.DONE, result=DONE), RetrainState(
        "done", "新しい版 20261202T090000Z-abc123: テスト macro-F1 81.2%、確認済み 3 件を使用。"
                "採用しました")),
    (_item(WorkStatus.DONE, result={**DONE, "promoted": False}), RetrainState(
        "done", "新しい版 20261202T090000Z-abc123: テスト macro-F1 81.2%、確認済み 3 件を使用。"
                "採用しませんでした（現在の版より 1 ポイントを超えて低い）")),
    (_item(WorkStatus.FAILED, INTERRUPTED),
     RetrainState("failed", "学習が中断されました（サーバーの再起動など）")),
    (_item(WorkStatus.FAILED, TRAINING_FAILED, {"reason": "the training data is empty"}),
     RetrainState("failed", "学習できませんでした: the training data is empty")),
    (_item(WorkStatus.FAILED, INTERNAL),
     RetrainState("failed", "内部エラーで学習できませんでした")),
])
def test_the_page_says_how_a_retraining_went(item: WorkItem, state: RetrainState) -> None:
    assert state_of(item) == state


def test_one_retraining_at_a_time_on_every_worker(work: WorkStore) -> None:
    here, there = Retrainer(lambda: work), Retrainer(lambda: work)  # two replicas
    assert here.state == RetrainState()
    assert here.start("user:admin")
    assert not there.start("user:other")
    assert there.state.status == "running"


def test_without_a_database_nothing_is_started(work: WorkStore) -> None:
    retrainer = Retrainer(lambda: None)
    assert not retrainer.start("user:admin") and retrainer.state == RetrainState()


def test_a_failed_training_is_told_without_server_paths(
        work: WorkStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(models_dir=tmp_path / "models", state_dir=tmp_path / "var")

    def broken(*args: object, **kwargs: object) -> None:
        raise HennoError(f"cannot read {tmp_path / 'models' / 'x' / 'metadata.json'}")

    monkeypatch.setattr("henno.work.retrain_job.train_model", broken)
    retrainer = Retrainer(lambda: work)
    assert retrainer.start("user:admin")
    Runner(work, [RetrainHandler(settings, lambda: None, lambda: None)]).run_once()
    state = retrainer.state
    assert state.status == "failed" and state.message.startswith("学習できませんでした: ")
    assert str(tmp_path) not in state.message
    assert retrainer.start("user:admin")  # the failed one holds nothing


@dataclass
class _Trained:  # what train_model returns, as far as the handler reads it
    version: str
    promoted: bool
    path: Path
    test_metrics: dict[str, float]


@pytest.mark.parametrize(("outcome", "promoted", "failing"), [
    ("promoted", True, False), ("not_promoted", False, False), ("failed", False, True)])
def test_what_a_retraining_produced_is_audited_with_its_owner(
        work: WorkStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        outcome: str, promoted: bool, failing: bool) -> None:
    settings = Settings(models_dir=tmp_path / "models", state_dir=tmp_path / "var")
    version = tmp_path / "models" / "20261202T090000Z-abc123"
    version.mkdir(parents=True)
    (version / "metadata.json").write_text('{"artifact_sha256": "0", "training_data": {}}')

    def trained(*args: object, **kwargs: object) -> _Trained:
        if failing:
            raise HennoError("the training data is empty")
        return _Trained(version.name, promoted, version, {"macro_f1": 0.9})

    monkeypatch.setattr("henno.work.retrain_job.train_model", trained)
    audit = AuditTrail(work.engine)
    assert Retrainer(lambda: work).start("user:admin")
    Runner(work, [RetrainHandler(settings, lambda: None, lambda: None, audit)]).run_once()
    [entry] = audit.latest()
    assert (entry.actor, entry.action, entry.outcome) == ("user:admin", AuditAction.RETRAIN,
                                                          outcome)
    expected = {"error": "henno_error"} if failing else {"version": version.name}
    item = work.latest(WorkKind.RETRAIN)
    assert item is not None
    assert entry.objects == {"job": item.id, **expected}
