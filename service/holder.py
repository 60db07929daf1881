"""The model a running service answers with: swapped atomically, following `current`."""

import contextlib
import ctypes
import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from henno.model import store as versions
from henno.model.artifacts import ARTIFACT_FILE, METADATA_FILE, resolve_version_dir
from henno.model.classifier import Classifier
from henno.model.errors import HennoError, ModelNotFoundError

logger = logging.getLogger(__name__)
RELEASE_DELAY_SECONDS = 1.0
Fingerprint = tuple[object, ...]


def _release_freed_memory() -> None:
    """Collect cycles and hand freed heap pages back to the system (glibc's malloc_trim):
    without it a service that reloads models keeps the high-water mark of two models."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _ignore(_: Classifier) -> None:
    return None


class ModelHolder:
    """Holds the current Classifier. Requests take a reference once and keep it, so a swap
    never changes the model under a request in flight. `on_loaded` hears of every swap (the
    metrics' model gauge), in the order the swaps happen."""

    def __init__(self, models_dir: Path, on_loaded: Callable[[Classifier], None] = _ignore):
        self.models_dir = models_dir
        self.on_loaded = on_loaded
        self._classifier: Classifier | None = None
        self._reload_lock = threading.Lock()
        # What `current` looked like when loading it last failed: not tried again until it
        # changes (loading hashes the whole artifact: not every few seconds).
        self._failed: Fingerprint | None = None

    @property
    def classifier(self) -> Classifier | None:
        return self._classifier

    def load_current(self) -> Classifier:
        """Load the `current` version and swap it in; on any error the old model stays."""
        return self._swap(lambda: Classifier.load(resolve_version_dir(self.models_dir)))

    def install(self, classifier: Classifier) -> Classifier:
        """Swap in a classifier loaded already (e.g. checked before `current` pointed at it)."""
        return self._swap(lambda: classifier)

    def use(self, version: str) -> Classifier:
        """Point `current` at `version` (promote or roll back) and serve it at once. The
        version is loaded (and so checked) first: a broken one changes nothing."""
        if version not in versions.list_versions(self.models_dir):
            raise ModelNotFoundError(f"no model version {version}")
        classifier = Classifier.load(resolve_version_dir(self.models_dir, version))
        versions.set_current(self.models_dir, version)
        return self.install(classifier)

    def refresh(self) -> Classifier | None:
        """Serve the version `current` names if another process switched it: the newly
        loaded classifier, or None when nothing changed or it cannot be loaded (the old
        model keeps serving). Costs one read of the pointer when nothing changed."""
        current = self._switched_version()
        if current is None:
            return None
        seen = self._fingerprint(current)
        if seen == self._failed:
            return None
        try:
            classifier = self.load_current()
        except HennoError as exc:
            self._failed = seen
            logger.warning("model refresh failed", extra={"error_code": exc.code})
            return None
        self._failed = None
        return classifier

    def _switched_version(self) -> str | None:
        try:
            current = versions.current_version(self.models_dir)
        except HennoError as exc:
            logger.warning("model refresh failed", extra={"error_code": exc.code})
            return None
        serving = self._classifier
        if current is None or (serving is not None and serving.version == current):
            return None
        return current

    def _fingerprint(self, version: str) -> Fingerprint:
        folder = self.models_dir
        paths = (folder / versions.CURRENT_POINTER, folder / version / ARTIFACT_FILE,
                 folder / version / METADATA_FILE)
        return (version, *(_stat(path) for path in paths))

    def _swap(self, load: Callable[[], Classifier]) -> Classifier:
        with self._reload_lock:
            _release_freed_memory()  # what the model before the current one left behind
            classifier = load()
            previous = self._classifier
            self._classifier = classifier  # a single reference assignment: atomic
            self.on_loaded(classifier)  # under the lock: the gauge ends on the last swap
        # Requests in flight finish on the old model within moments; then give its memory back.
        release = threading.Timer(RELEASE_DELAY_SECONDS, _release_freed_memory)
        release.daemon = True
        release.start()
        logger.info("model loaded", extra={"model_version": classifier.version,
                                           "previous_version": previous and previous.version})
        return classifier


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns
