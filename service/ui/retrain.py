"""Retraining and switching models from the web page, with the same rules as the CLI.

A retraining is a work item (henno.work): any worker of any host may run it, one at a time
(the table allows one queued or running), and whichever worker answers shows its state.
"""

from collections.abc import Callable
from dataclasses import dataclass

from henno.service.ui.filters import as_percent
from henno.work.items import ACTIVE, INTERRUPTED, WorkItem, WorkKind, WorkStatus
from henno.work.retrain_job import TRAINING_FAILED, feedback_rows
from henno.work.store import WorkBusy, WorkStore

__all__ = ["RetrainState", "Retrainer", "feedback_rows"]
RUNNING = "学習中です（数分かかります）"


@dataclass(frozen=True)
class RetrainState:
    status: str = "idle"  # idle, running, done, failed
    message: str = ""


class Retrainer:
    """Queues retrainings for the work layer's runner and tells how the latest one went."""

    def __init__(self, work: Callable[[], WorkStore | None]):
        self._work = work

    @property
    def state(self) -> RetrainState:
        work = self._work()
        latest = work.latest(WorkKind.RETRAIN) if work is not None else None
        return RetrainState() if latest is None else state_of(latest)

    def start(self, owner: str) -> bool:
        """False when a retraining is already queued or running, on any worker."""
        work = self._work()
        if work is None:
            return False
        try:
            work.create(WorkKind.RETRAIN, owner, status=WorkStatus.QUEUED)
        except WorkBusy:
            return False
        return True


def state_of(item: WorkItem) -> RetrainState:
    if item.status in ACTIVE:
        return RetrainState("running", RUNNING)
    if item.status == WorkStatus.DONE:
        return RetrainState("done", _verdict(item.result))
    if item.error_code == INTERRUPTED:
        return RetrainState("failed", "学習が中断されました（サーバーの再起動など）")
    if item.error_code == TRAINING_FAILED:
        return RetrainState("failed", f"学習できませんでした: {item.result.get('reason', '')}")
    return RetrainState("failed", "内部エラーで学習できませんでした")


def _verdict(result: dict[str, object]) -> str:
    verdict = ("採用しました" if result.get("promoted")
               else "採用しませんでした（現在の版より 1 ポイントを超えて低い）")
    macro_f1 = result.get("macro_f1")
    return (f"新しい版 {result.get('version')}: テスト macro-F1 "
            f"{as_percent(macro_f1 if isinstance(macro_f1, float) else None)}、"
            f"確認済み {result.get('feedback_rows', 0)} 件を使用。{verdict}")
