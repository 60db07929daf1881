"""The models directory: one sub-directory per version and a `current` pointer file.

Versions are written under a temporary name and renamed into place, and the pointer is
replaced with os.replace, so a reader never sees a half-written version or pointer.
"""

import os
import re
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path

from henno.model.errors import ModelNotFoundError

CURRENT_POINTER = "current"
_VERSION = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{6}$")


def new_version_id(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{secrets.token_hex(3)}"


def is_version_id(name: str) -> bool:
    return bool(_VERSION.fullmatch(name))


def version_path(models_dir: Path, version: str) -> Path:
    """The directory of a version; refuses names that could point outside models_dir."""
    if not is_version_id(version):
        raise ModelNotFoundError(f"not a model version id: {version!r}")
    path = models_dir / version
    if not path.is_dir():
        raise ModelNotFoundError(f"no model version {version} in {models_dir}")
    return path


def list_versions(models_dir: Path) -> list[str]:
    """Complete versions, oldest first (ids start with their creation time)."""
    if not models_dir.is_dir():
        return []  # a models directory not created yet holds no version
    return sorted(p.name for p in models_dir.iterdir() if p.is_dir() and is_version_id(p.name))


def current_version(models_dir: Path) -> str | None:
    pointer = models_dir / CURRENT_POINTER
    try:
        version = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:  # not a directory, a directory, unreadable
        raise ModelNotFoundError(f"cannot read {pointer}: {exc}; check HENNO_MODELS_DIR") from exc
    return version if is_version_id(version) else None


def set_current(models_dir: Path, version: str) -> None:
    """Point `current` at an existing version, atomically."""
    version_path(models_dir, version)
    # Unique per call: a retraining thread and a switch from the web page may both write it.
    temporary = models_dir / f".{CURRENT_POINTER}.{os.getpid()}.{uuid.uuid4().hex}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(version + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, models_dir / CURRENT_POINTER)
    _fsync_dir(models_dir)


def staging_dir(models_dir: Path, version: str) -> Path:
    """A fresh hidden directory to write a version into before publish_version."""
    models_dir.mkdir(parents=True, exist_ok=True)
    path = models_dir / f".staging-{version}"
    path.mkdir()
    return path


def publish_version(staging: Path, version: str) -> Path:
    """Rename a completely written staging directory to its version name."""
    for child in staging.iterdir():
        with open(child, "rb") as handle:
            os.fsync(handle.fileno())
    final = staging.parent / version
    os.rename(staging, final)
    _fsync_dir(staging.parent)
    return final


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
