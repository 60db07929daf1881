"""Saving and loading one model version: a joblib file plus metadata.json.

Loading a joblib file runs code from it, so the file's sha256 recorded at training time is
checked before it is unpickled, and a model built with another tokenizer dictionary is
refused: the same text would be split into different words.
"""

import hashlib
import json
import platform
import shutil
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import joblib
from sklearn.pipeline import Pipeline

from henno.model import store
from henno.model.errors import (
    HennoError,
    ModelCompatibilityError,
    ModelIntegrityError,
    ModelNotFoundError,
)
from henno.model.legacy_pickle import PICKLED_NAMES, load_legacy_artifact
from henno.model.tokenizer import TOKEN_FORMAT

ARTIFACT_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
PIPELINE_STEPS = ["normalize", "analyze", "features", "clf"]
_TRACKED_LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "fugashi", "unidic-lite")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    versions = {name: importlib_metadata.version(name) for name in _TRACKED_LIBRARIES}
    return {"python": platform.python_version(), **versions}


def save_version(
    models_dir: Path, pipeline: Pipeline, metadata: dict[str, Any], extra_files: dict[str, bytes]
) -> Path:
    """Write a complete version directory and return its path; `current` is not touched."""
    version = str(metadata["version"])
    staging = store.staging_dir(models_dir, version)
    try:
        joblib.dump(pipeline, staging / ARTIFACT_FILE)
        full = {**metadata, "artifact_sha256": sha256_file(staging / ARTIFACT_FILE),
                "pickled_names": PICKLED_NAMES}
        text = json.dumps(full, ensure_ascii=False, indent=2) + "\n"
        (staging / METADATA_FILE).write_text(text, encoding="utf-8")
        for name, content in extra_files.items():
            (staging / name).write_bytes(content)
        return store.publish_version(staging, version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_metadata(version_dir: Path) -> dict[str, Any]:
    path = version_dir / METADATA_FILE
    if not path.is_file():
        raise ModelNotFoundError(f"no {METADATA_FILE} in {version_dir}: not a model version")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelIntegrityError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or "artifact_sha256" not in data:
        raise ModelIntegrityError(f"{path} has no artifact_sha256: refusing to load the model")
    return data


@dataclass(frozen=True)
class VersionInfo:
    version: str
    current: bool
    metadata: dict[str, Any] | None  # None when its metadata.json cannot be read


def list_version_info(models_dir: Path) -> list[VersionInfo]:
    """Every version, oldest first, with its metadata and whether it is `current`."""
    current = store.current_version(models_dir)
    infos = []
    for version in store.list_versions(models_dir):
        try:
            metadata: dict[str, Any] | None = read_metadata(store.version_path(models_dir,
                                                                                version))
        except HennoError:
            metadata = None
        infos.append(VersionInfo(version, version == current, metadata))
    return infos


def check_compatible(metadata: dict[str, Any]) -> None:
    token_format = metadata.get("token_format")
    if token_format != TOKEN_FORMAT:
        raise ModelCompatibilityError(
            f"model {metadata.get('version')} was trained with token format {token_format}, "
            f"this henno makes format {TOKEN_FORMAT}; retrain with `henno train`")
    trained = metadata.get("libraries", {}).get("unidic-lite")
    installed = importlib_metadata.version("unidic-lite")
    if trained != installed:
        raise ModelCompatibilityError(
            f"model {metadata.get('version')} was trained with unidic-lite {trained} but "
            f"{installed} is installed; tokens would differ. Install unidic-lite=={trained} "
            "or retrain with `henno train`."
        )


def verify_version(version_dir: Path) -> dict[str, Any]:
    """The metadata of a version whose artifact matches its recorded sha256 and whose
    dictionary is the installed one; nothing is unpickled."""
    metadata = read_metadata(version_dir)
    check_compatible(metadata)
    artifact = version_dir / ARTIFACT_FILE
    if not artifact.is_file():
        raise ModelIntegrityError(f"{artifact} is missing")
    if sha256_file(artifact) != metadata["artifact_sha256"]:
        raise ModelIntegrityError(
            f"{artifact} does not match the sha256 recorded when it was trained "
            "(modified or truncated); refusing to load it"
        )
    return metadata


def load_version(version_dir: Path) -> tuple[Pipeline, dict[str, Any]]:
    """The fitted pipeline and metadata of a version, after checking hash and dictionary."""
    metadata = verify_version(version_dir)
    artifact = version_dir / ARTIFACT_FILE
    try:
        if metadata.get("pickled_names") == PICKLED_NAMES:
            pipeline = joblib.load(artifact)
        else:  # trained by henno 0.2 or older
            pipeline = load_legacy_artifact(artifact)
    except Exception as exc:  # the hash matched, so this is a broken environment
        raise ModelIntegrityError(f"{artifact} could not be loaded: {exc}") from exc
    if not isinstance(pipeline, Pipeline):
        raise ModelIntegrityError(f"{artifact} does not hold a scikit-learn pipeline")
    if list(pipeline.named_steps) != PIPELINE_STEPS:
        raise ModelCompatibilityError(
            f"model {metadata.get('version')} was built by an older henno (steps "
            f"{', '.join(pipeline.named_steps)}); retrain with `henno train`")
    return pipeline, metadata


def resolve_version_dir(models_dir: Path, version: str | None = None) -> Path:
    """A named version, or the one `current` points to."""
    if version is None:
        version = store.current_version(models_dir)
        if version is None:
            raise ModelNotFoundError(
                f"no current model in {models_dir.resolve()}: train one with `henno train` "
                "or set HENNO_MODELS_DIR"
            )
    return store.version_path(models_dir, version)
