"""`henno backup`: models, review database and session key in one .tar.gz, taken while the
service runs.

The SQLite database is copied through SQLite's online backup API, which gives a consistent
snapshot (the WAL included) even while the service writes to it. The archive is written
under a temporary name and renamed, so a failed backup leaves no file that looks whole.
"""

import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from henno.maintenance.layout import (
    DATABASE,
    FORMAT,
    MANIFEST,
    MODELS,
    SESSION_KEY,
    BackupError,
    Home,
)
from henno.model import store
from henno.model.artifacts import sha256_file, verify_version
from henno.model.errors import HennoError
from henno.version import __version__


@dataclass
class BackupSummary:
    versions: list[str] = field(default_factory=list)
    current: str | None = None
    database: bool = False
    session_key: bool = False


def _model_files(models_dir: Path, summary: BackupSummary) -> dict[str, Path]:
    files: dict[str, Path] = {}
    summary.current = store.current_version(models_dir)
    for version in store.list_versions(models_dir):
        folder = models_dir / version
        try:
            verify_version(folder)
        except HennoError as exc:
            raise BackupError(f"model version {version} cannot be backed up: {exc}") from None
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.is_symlink():
                files[f"{MODELS}/{version}/{path.name}"] = path
        summary.versions.append(version)
    if summary.current is not None:
        files[f"{MODELS}/{store.CURRENT_POINTER}"] = models_dir / store.CURRENT_POINTER
    return files


def _copy_database(source: Path, target: Path) -> None:
    try:
        with closing(sqlite3.connect(source, timeout=30)) as live, \
                closing(sqlite3.connect(target)) as copy:
            live.backup(copy)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy the review database {source}: {exc}") from None


def _state_files(home: Home, scratch: Path, summary: BackupSummary) -> dict[str, Path]:
    files: dict[str, Path] = {}
    if home.database is not None and home.database.is_file():
        copy = scratch / "henno.db"
        _copy_database(home.database, copy)
        files[DATABASE] = copy
        summary.database = True
    if home.session_key.is_file():
        files[SESSION_KEY] = home.session_key
        summary.session_key = True
    return files


def _manifest(files: dict[str, Path], home: Home) -> bytes:
    manifest = {
        "format": FORMAT,
        "henno_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "sqlite" if home.database is not None else "external",
        "files": {name: sha256_file(path) for name, path in sorted(files.items())},
    }
    return json.dumps(manifest, indent=2).encode()


def _write_archive(target: Path, files: dict[str, Path], manifest: bytes, scratch: Path) -> None:
    manifest_path = scratch / MANIFEST
    manifest_path.write_bytes(manifest)
    # The archive holds the session key and the review texts: readable by its owner only.
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            for name, path in sorted(files.items()):
                tar.add(path, arcname=name, recursive=False)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def create_backup(home: Home, target: Path) -> BackupSummary:
    """Write the backup of `home` to `target` (a new .tar.gz file)."""
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file")
    if not target.parent.is_dir():
        raise BackupError(f"{target}: no such directory {target.parent}")
    summary = BackupSummary()
    home.state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The database copy holds review texts: it stays in the private state folder.
    scratch = Path(tempfile.mkdtemp(dir=home.state_dir, prefix=".backup-"))
    try:
        files = _model_files(home.models_dir, summary)
        files.update(_state_files(home, scratch, summary))
        _write_archive(target, files, _manifest(files, home), scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return summary
