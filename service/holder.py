"""The model a running service answers with, swapped atomically on reload."""

import logging
import threading
from pathlib import Path

from model.artifacts import resolve_version_dir
from model.classifier import Classifier

logger = logging.getLogger(__name__)


class ModelHolder:
    """Holds the current Classifier. Requests take a reference once and keep it, so a swap
    never changes the model under a request in flight."""

    def __init__(self, models_dir: Path):
        self.models_dir = models_dir
        self._classifier: Classifier | None = None
        self._reload_lock = threading.Lock()

    @property
    def classifier(self) -> Classifier | None:
        return self._classifier

    def load_current(self) -> Classifier:
        """Load the `current` version and swap it in; on any error the old model stays."""
        with self._reload_lock:
            classifier = Classifier.load(resolve_version_dir(self.models_dir))
            previous = self._classifier
            self._classifier = classifier  # a single reference assignment: atomic
        logger.info("model loaded", extra={"model_version": classifier.version,
                                           "previous_version": previous and previous.version})
        return classifier
