"""The model a running service answers with, swapped atomically on reload."""

import contextlib
import ctypes
import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from henno.model.artifacts import resolve_version_dir
from henno.model.classifier import Classifier

logger = logging.getLogger(__name__)
RELEASE_DELAY_SECONDS = 1.0


def _release_freed_memory() -> None:
    """Collect cycles and hand freed heap pages back to the system (glibc's malloc_trim):
    without it a service that reloads models keeps the high-water mark of two models."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


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
        return self._swap(lambda: Classifier.load(resolve_version_dir(self.models_dir)))

    def install(self, classifier: Classifier) -> Classifier:
        """Swap in a classifier loaded already (e.g. checked before `current` pointed at it)."""
        return self._swap(lambda: classifier)

    def _swap(self, load: Callable[[], Classifier]) -> Classifier:
        with self._reload_lock:
            _release_freed_memory()  # what the model before the current one left behind
            classifier = load()
            previous = self._classifier
            self._classifier = classifier  # a single reference assignment: atomic
        # Requests in flight finish on the old model within moments; then give its memory back.
        release = threading.Timer(RELEASE_DELAY_SECONDS, _release_freed_memory)
        release.daemon = True
        release.start()
        logger.info("model loaded", extra={"model_version": classifier.version,
                                           "previous_version": previous and previous.version})
        return classifier
