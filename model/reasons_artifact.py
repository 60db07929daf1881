"""The reason finder's file in a model version: reasons.joblib, checked like model.joblib.

Its sha256 and format are recorded in metadata["reasons"] when it is trained, and checked
before it is unpickled (unpickling runs code). A version without the key (henno 0.2) or with
an older format (henno 0.3.0) loads with no finder: every prediction gives the whole text as
its one reason. A newer format (a newer henno's) is refused.
"""

import hashlib
import io
import logging
from pathlib import Path
from typing import Any, Final

import joblib

from henno.model.errors import ModelCompatibilityError, ModelIntegrityError
from henno.model.reasons import ReasonFinder

logger = logging.getLogger(__name__)
FINDER_FILE: Final = "reasons.joblib"
# Bumped whenever ReasonFinder's fitted state changes shape.
FINDER_FORMAT: Final = 2


def finder_bytes(finder: ReasonFinder) -> tuple[bytes, dict[str, Any]]:
    """The file's content and the metadata["reasons"] entry that vouches for it."""
    buffer = io.BytesIO()
    joblib.dump(finder, buffer)
    content = buffer.getvalue()
    entry = {"file": FINDER_FILE, "format": FINDER_FORMAT,
             "sha256": hashlib.sha256(content).hexdigest()}
    return content, entry


def load_finder(version_dir: Path, metadata: dict[str, Any]) -> ReasonFinder | None:
    entry = metadata.get("reasons")
    if entry is None:
        return None
    version = metadata.get("version")
    found = entry.get("format")
    if isinstance(found, int) and found < FINDER_FORMAT:
        # An upgrade must not take the service down: the older version still labels, with
        # the whole text as its one reason, until `henno train` makes a new one.
        logger.warning("model's reason finder is from an older henno: each text is one reason "
                       "until it is retrained", extra={"model_version": version,
                                                       "finder_format": found})
        return None
    if found != FINDER_FORMAT:
        raise ModelCompatibilityError(
            f"model {version} has reason finder format {entry.get('format')}, this henno "
            f"reads format {FINDER_FORMAT}; retrain with `henno train`")
    path = version_dir / FINDER_FILE
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ModelIntegrityError(f"{path} cannot be read: {exc.strerror}") from exc
    if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
        raise ModelIntegrityError(
            f"{path} does not match the sha256 recorded when it was trained "
            "(modified or truncated); refusing to load it")
    finder = joblib.load(io.BytesIO(content))
    if not isinstance(finder, ReasonFinder):
        raise ModelIntegrityError(f"{path} does not hold a reason finder")
    return finder.prepare()
