"""What the web page keeps for the life of the app: sessions, file jobs, the review store,
retraining, templates."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from fastapi.templating import Jinja2Templates

from model import store as versions
from model.classifier import Classifier
from model.errors import HennoError
from model.labels import LABEL_JA, LABELS
from model.settings import Settings
from review.store import ReviewStore
from service.holder import ModelHolder
from service.observability import Metrics
from service.ui.jobs import FileJobs
from service.ui.retrain import Retrainer
from service.ui.sessions import SessionCodec, load_key

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class UiState:
    settings: Settings
    holder: ModelHolder
    metrics: Metrics
    codec: SessionCodec
    jobs: FileJobs
    templates: Jinja2Templates
    retrainer: Retrainer = field(init=False)
    store: ReviewStore | None = None
    store_error: str = ""

    def __post_init__(self) -> None:
        self.retrainer = Retrainer(self.settings, self.holder, self.on_model_loaded)

    @classmethod
    def build(cls, settings: Settings, holder: ModelHolder, metrics: Metrics) -> "UiState":
        templates = Jinja2Templates(directory=TEMPLATES)
        templates.env.globals.update(LABELS=LABELS, LABEL_JA=LABEL_JA)
        token = settings.ui_token.get_secret_value() if settings.ui_token else ""
        secure = (settings.public_origin or "").startswith("https://")
        codec = SessionCodec(load_key(settings.state_dir, token), secure=secure)
        jobs = FileJobs(settings.state_dir / "jobs", settings.max_upload_bytes)
        return cls(settings, holder, metrics, codec, jobs, templates)

    def on_model_loaded(self, classifier: Classifier) -> None:
        self.metrics.set_model(classifier.version)

    def open(self) -> None:
        """Start the job sweeper; open (and migrate) the review store and delete the items
        past the retention period. Without a store the rest of the page still works."""
        self.jobs.open()
        try:
            self.store = ReviewStore.open(self.settings.review_database_url())
            self.store.purge(timedelta(days=self.settings.review_retention_days))
        except Exception as exc:
            self.store_error = "確認データベースを開けません。管理者に連絡してください"
            logger.error("review store unavailable", extra={"error_type": type(exc).__name__})

    def refresh_model(self) -> None:
        """Serve the version `current` names, if another worker process switched it."""
        serving = self.holder.classifier
        try:
            current = versions.current_version(self.settings.models_dir)
            if current is not None and (serving is None or serving.version != current):
                self.on_model_loaded(self.holder.load_current())
        except HennoError as exc:  # keep serving what is loaded
            logger.warning("model refresh failed", extra={"error_code": exc.code})

    def close(self) -> None:
        self.jobs.close()
        if self.store is not None:
            self.store.close()
