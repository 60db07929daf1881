"""Retraining and switching models from the web page, with the same rules as the CLI."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from model import store as versions
from model.artifacts import resolve_version_dir
from model.classifier import Classifier
from model.errors import HennoError, ModelNotFoundError
from model.settings import Settings
from review.store import ReviewStore
from service.holder import ModelHolder
from training.train import train_model

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetrainState:
    status: str = "idle"  # idle, running, done, failed
    message: str = ""
    started: float = 0.0
    finished: float = 0.0


class Retrainer:
    """One retraining at a time, in a background thread; a promoted model is loaded at once."""

    def __init__(self, settings: Settings, holder: ModelHolder,
                 on_loaded: Callable[[Classifier], None]):
        self.settings = settings
        self.holder = holder
        self.on_loaded = on_loaded
        self.state = RetrainState()
        self._lock = threading.Lock()

    def start(self, store: ReviewStore | None) -> bool:
        """False when a retraining is already running."""
        with self._lock:
            if self.state.status == "running":
                return False
            self.state = RetrainState("running", "学習中です（数分かかります）", time.time())
        threading.Thread(target=self._run, args=(store,), name="henno-retrain",
                         daemon=True).start()
        return True

    def _run(self, store: ReviewStore | None) -> None:
        started = self.state.started
        try:
            feedback = [(item.text, item.reviewer_label) for item in store.reviewed()
                        if item.reviewer_label] if store is not None else []
            result = train_model(self.settings.train_data, self.settings.test_data,
                                 self.settings.models_dir, feedback=feedback, n_jobs=1)
            if result.promoted:
                self.on_loaded(self.holder.load_current())
            verdict = ("採用しました" if result.promoted
                       else "採用しませんでした（現行モデルより低い）")
            message = (f"新しい版 {result.version}: テスト macro-F1 "
                       f"{result.test_metrics['macro_f1']:.3f}、確認済み {len(feedback)} 件を使用。"
                       f"{verdict}")
            self.state = RetrainState("done", message, started, time.time())
        except HennoError as exc:
            self.state = RetrainState("failed", f"学習できませんでした: {exc}", started,
                                      time.time())
        except Exception as exc:  # the page must say it failed, whatever the reason
            logger.error("retraining failed", extra={"error_type": type(exc).__name__})
            self.state = RetrainState("failed", "内部エラーで学習できませんでした", started,
                                      time.time())


def use_version(settings: Settings, holder: ModelHolder, version: str) -> Classifier:
    """Point `current` at `version` (promote or roll back) and serve it; on any failure the
    previous version stays current and keeps serving."""
    if version not in versions.list_versions(settings.models_dir):
        raise ModelNotFoundError(f"no model version {version}")
    Classifier.load(resolve_version_dir(settings.models_dir, version))  # refuse a broken one
    previous = versions.current_version(settings.models_dir)
    versions.set_current(settings.models_dir, version)
    try:
        return holder.load_current()
    except HennoError:
        if previous is not None:
            versions.set_current(settings.models_dir, previous)
        raise
