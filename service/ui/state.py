"""What the web page keeps for the life of the app: file jobs, the review store,
retraining, templates."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.templating import Jinja2Templates

from henno.model.labels import LABEL_JA, LABELS
from henno.review.db import make_engine
from henno.review.store import ReviewStore
from henno.service.holder import ModelHolder
from henno.service.ui.filters import FILTERS
from henno.service.ui.jobs import FileJobs
from henno.service.ui.label_guide import LABEL_GUIDE, SEVERAL_REASONS
from henno.service.ui.retrain import Retrainer
from henno.settings import Settings
from henno.work.serving import lease
from henno.work.store import WorkStore

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class UiState:
    settings: Settings
    holder: ModelHolder
    jobs: FileJobs
    templates: Jinja2Templates
    retrainer: Retrainer = field(init=False)
    store: ReviewStore | None = None
    work: WorkStore | None = None  # file jobs and retraining (henno.work)
    store_error: str = ""

    def __post_init__(self) -> None:
        self.retrainer = Retrainer(lambda: self.work)

    @classmethod
    def build(cls, settings: Settings, holder: ModelHolder) -> "UiState":
        templates = Jinja2Templates(directory=TEMPLATES)
        templates.env.globals.update(LABELS=LABELS, LABEL_JA=LABEL_JA, LABEL_GUIDE=LABEL_GUIDE,
                                     SEVERAL_REASONS=SEVERAL_REASONS)
        templates.env.filters.update(FILTERS)
        jobs = FileJobs.from_settings(settings)
        return cls(settings, holder, jobs, templates)

    def open(self) -> None:
        """Open (and migrate) the review store and delete the items past the retention
        period; open the work items and start the job sweeper. Without a database the rest
        of the page still works."""
        try:
            url = self.settings.review_database_url()
            self.store = ReviewStore.open(url)
            # Migrated with the review store: one database, one migration history.
            self.work = WorkStore(make_engine(url), lease=lease(self.settings))
            self.jobs.open(self.work)
        except Exception as exc:
            self.store_error = "確認データベースを開けません。管理者に連絡してください"
            logger.error("review store unavailable", extra={"error_type": type(exc).__name__})

    def close(self) -> None:
        self.jobs.close()
        if self.store is not None:
            self.store.close()
        if self.work is not None:
            self.work.close()

