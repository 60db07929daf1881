"""The retrain handler: train a new version from the corpus and the clerks' reviewed
labels, with the same rules as `henno train --feedback`. One at a time, whichever worker or
host runs it (work_items' partial unique index)."""

import logging
from collections.abc import Callable
from typing import Any

from henno.audit import AuditAction, AuditTrail
from henno.model.artifacts import read_metadata
from henno.model.errors import HennoError
from henno.review.store import ReviewStore
from henno.service.errors import without_server_paths
from henno.settings import Settings
from henno.training.train import train_model
from henno.work.items import WorkItem, WorkKind
from henno.work.runner import Progress, WorkFailed

logger = logging.getLogger(__name__)
TRAINING_FAILED = "training_failed"


def feedback_rows(metadata: dict[str, object]) -> int:
    """How many reviewed rows a version was trained with (0 for corpus-only versions)."""
    training = metadata.get("training_data")
    return int(training.get("feedback_rows", 0)) if isinstance(training, dict) else 0


class RetrainHandler:
    kind = WorkKind.RETRAIN

    def __init__(self, settings: Settings, store: Callable[[], ReviewStore | None],
                 on_promoted: Callable[[], None], audit: AuditTrail | None = None) -> None:
        self.settings, self.store, self.on_promoted = settings, store, on_promoted
        self.audit = audit

    def run(self, item: WorkItem, progress: Progress) -> dict[str, Any]:
        store = self.store()
        try:
            feedback = store.reviewed_labels() if store is not None else []
            result = train_model(self.settings.train_data, self.settings.test_data,
                                 self.settings.models_dir, feedback=feedback, n_jobs=1)
        except HennoError as exc:
            reason = without_server_paths(str(exc), self.settings.models_dir)
            self._audit(item, "failed", error=exc.code)
            raise WorkFailed(TRAINING_FAILED, {"reason": reason}) from None
        if result.promoted:
            self.on_promoted()
        return {"version": result.version, "promoted": result.promoted,
                "macro_f1": result.test_metrics["macro_f1"],
                "feedback_rows": feedback_rows(read_metadata(result.path))}

    def finished(self, item: WorkItem, result: dict[str, Any]) -> None:
        logger.info("retrained", extra={"version": result["version"],
                                        "promoted": result["promoted"]})
        # The page recorded the request; this entry says what it produced, whoever ran it.
        self._audit(item, "promoted" if result["promoted"] else "not_promoted",
                    version=str(result["version"]))

    def _audit(self, item: WorkItem, outcome: str, **objects: str | int) -> None:
        if self.audit is None:
            return
        try:
            self.audit.record(item.owner, AuditAction.RETRAIN, outcome, job=item.id, **objects)
        except HennoError as exc:  # the version exists; the log says the entry is missing
            logger.error("retrain not audited", extra={"error_code": exc.code})

    def abandoned(self, item: WorkItem) -> None:
        """A version trained after its item lapsed stays in the models folder, unpromoted
        or promoted as training decided: nothing to undo."""
