"""Retraining and switching models from the web page, with the same rules as the CLI.

One retraining at a time across every worker process (an flock on a file in the state
folder); its state lives in a file there too, so whichever worker answers shows it.
"""

import contextlib
import fcntl
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import IO

from henno.model import store as versions
from henno.model.artifacts import read_metadata, resolve_version_dir
from henno.model.classifier import Classifier
from henno.model.errors import HennoError, ModelNotFoundError
from henno.review.store import ReviewStore
from henno.service.errors import without_server_paths
from henno.service.holder import ModelHolder
from henno.service.ui.filters import as_percent
from henno.service.ui.state_files import write_json
from henno.settings import Settings
from henno.training.train import train_model

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetrainState:
    status: str = "idle"  # idle, running, done, failed
    message: str = ""
    started: float = 0.0
    finished: float = 0.0


class Retrainer:
    """Trains in a background thread; a promoted model is loaded at once in this process."""

    def __init__(self, settings: Settings, holder: ModelHolder,
                 on_loaded: Callable[[Classifier], None]):
        self.settings = settings
        self.holder = holder
        self.on_loaded = on_loaded
        self._state_file = settings.state_dir / "retrain.json"
        self._lock_file = settings.state_dir / "retrain.lock"

    @property
    def state(self) -> RetrainState:
        try:
            state = RetrainState(**json.loads(self._state_file.read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            return RetrainState()
        if state.status == "running" and not self._locked():
            return RetrainState("failed", "学習が中断されました（サーバーの再起動など）",
                                state.started)
        return state

    def _locked(self) -> bool:
        with open(self._lock_file, "a") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(probe, fcntl.LOCK_UN)
            return False

    def _save(self, state: RetrainState) -> None:
        write_json(self._state_file, asdict(state))

    def start(self, store: ReviewStore | None) -> bool:
        """False when a retraining is already running, here or in another worker."""
        lock = open(self._lock_file, "a")  # noqa: SIM115 (held by the thread until it ends)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            return False
        self._save(RetrainState("running", "学習中です（数分かかります）", time.time()))
        threading.Thread(target=self._run, args=(store, lock), name="henno-retrain",
                         daemon=True).start()
        return True

    def _run(self, store: ReviewStore | None, lock: IO[str]) -> None:
        started = time.time()
        try:
            self._save(RetrainState("done", self._train(store), started, time.time()))
        except HennoError as exc:
            reason = without_server_paths(str(exc), self.settings.models_dir)
            self._save(RetrainState("failed", f"学習できませんでした: {reason}", started,
                                    time.time()))
        except Exception as exc:  # the page must say it failed, whatever the reason
            logger.error("retraining failed", extra={"error_type": type(exc).__name__})
            self._save(RetrainState("failed", "内部エラーで学習できませんでした", started,
                                    time.time()))
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _train(self, store: ReviewStore | None) -> str:
        feedback = store.reviewed_labels() if store is not None else []
        result = train_model(self.settings.train_data, self.settings.test_data,
                             self.settings.models_dir, feedback=feedback, n_jobs=1)
        if result.promoted:
            self.on_loaded(self.holder.load_current())
        used = feedback_rows(read_metadata(result.path))
        verdict = ("採用しました" if result.promoted
                   else "採用しませんでした（現在の版より 1 ポイントを超えて低い）")
        return (f"新しい版 {result.version}: テスト macro-F1 "
                f"{as_percent(result.test_metrics['macro_f1'])}、確認済み {used} 件を使用。"
                f"{verdict}")


def feedback_rows(metadata: dict[str, object]) -> int:
    """How many reviewed rows a version was trained with (0 for corpus-only versions)."""
    training = metadata.get("training_data")
    return int(training.get("feedback_rows", 0)) if isinstance(training, dict) else 0


def use_version(settings: Settings, holder: ModelHolder, version: str) -> Classifier:
    """Point `current` at `version` (promote or roll back) and serve it. The version is loaded
    (and so checked) first: a broken one changes nothing."""
    if version not in versions.list_versions(settings.models_dir):
        raise ModelNotFoundError(f"no model version {version}")
    classifier = Classifier.load(resolve_version_dir(settings.models_dir, version))
    versions.set_current(settings.models_dir, version)
    return holder.install(classifier)

