"""The runner as `henno serve` and `henno worker` build it: both handlers, the settings'
slots, row limit and sheet limits."""

from collections.abc import Callable
from datetime import timedelta

from henno.audit import AuditTrail
from henno.forms.source import Limits
from henno.model.classifier import Classifier
from henno.review.store import ReviewStore
from henno.service.holder import ModelHolder
from henno.settings import Settings
from henno.work.folders import JobFiles, files_dir
from henno.work.label_job import LabelHandler
from henno.work.retrain_job import RetrainHandler
from henno.work.runner import Runner
from henno.work.store import WorkStore


def lease(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.job_lease_seconds)


def limits(settings: Settings) -> Limits:
    """HENNO_MAX_SHEET_ROWS / _COLUMNS, as henno label and the API."""
    return Limits(settings.max_sheet_rows, settings.max_sheet_columns)


def build_runner(settings: Settings, work: WorkStore, holder: ModelHolder,
                 store: Callable[[], ReviewStore | None], slots: int | None = None) -> Runner:
    def following() -> Classifier | None:
        holder.refresh()  # one read of `current` per job: a worker process has no follower
        return holder.classifier

    def promoted() -> None:
        holder.load_current()

    audit = AuditTrail(work.engine)
    label = LabelHandler(JobFiles(files_dir(settings)), following, store,
                         max_rows=settings.job_max_rows, limits=limits(settings), audit=audit)
    # More than one slot: a huge file must not keep every other clerk's job queued.
    return Runner(work, [label, RetrainHandler(settings, store, promoted, audit)],
                  slots=slots or settings.label_workers)
