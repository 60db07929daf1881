"""`henno restore`: a backup back into a home, checked whole before anything is replaced.

Every member is checked before it is written (regular files under known names only: no
absolute paths, no `..`, no links), every file against the sha256 in the manifest, and every
model version as loading checks it. Only then are the models folder, the database and the
session key replaced; a refused or damaged backup changes nothing.
"""

import json
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from henno.maintenance.backup import BackupSummary
from henno.maintenance.layout import (
    DATABASE,
    FORMAT,
    MANIFEST,
    MODELS,
    SESSION_KEY,
    BackupError,
    Home,
    check_member_name,
)
from henno.maintenance.staged import Staged, copy_hashed
from henno.model import store
from henno.model.artifacts import verify_version
from henno.model.errors import HennoError

MAX_MANIFEST_BYTES = 1 << 20


@dataclass(frozen=True)
class _Member:
    name: str
    file: IO[bytes]


def existing_data(home: Home) -> list[str]:
    """What restoring into `home` would overwrite."""
    found = []
    if store.list_versions(home.models_dir) or store.current_version(home.models_dir):
        found.append(str(home.models_dir))
    for path in (home.database, home.session_key):
        if path is not None and path.is_file() and path.stat().st_size > 0:
            found.append(str(path))
    return found


def restore_backup(archive: Path, home: Home, force: bool = False) -> BackupSummary:
    """Restore `archive` into `home`; refuses to replace existing data unless `force`."""
    existing = existing_data(home)
    if existing and not force:
        raise BackupError(f"{', '.join(existing)} already hold data; "
                          "use --force to replace it with the backup")
    with Staged.create(home) as staged:
        manifest = _extract(archive, staged)
        summary = _check(manifest, staged, home)
        staged.install()
    return summary


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, mode="r:gz")
    except FileNotFoundError:
        raise BackupError(f"{archive}: no such file") from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(f"{archive} is not a henno backup: {exc}") from None


def _members(tar: tarfile.TarFile) -> Iterator[_Member]:
    seen: set[str] = set()
    for member in tar:
        if member.isdir():
            check_member_name(member.name)
            continue
        if not member.isfile():
            raise BackupError(f"the backup holds a link or special file {member.name!r}; "
                              "refusing to restore it")
        name = check_member_name(member.name)
        if name in seen:
            raise BackupError(f"the backup holds {name!r} twice; refusing to restore it")
        seen.add(name)
        handle = tar.extractfile(member)
        assert handle is not None  # a regular file always has contents
        yield _Member(name, handle)


def _extract(archive: Path, staged: Staged) -> dict[str, Any]:
    manifest: dict[str, Any] | None = None
    with _open(archive) as tar:
        try:
            for member in _members(tar):
                if member.name == MANIFEST:
                    manifest = _read_manifest(member.file)
                else:
                    staged.digests[member.name] = copy_hashed(member.file,
                                                              staged.path_for(member.name))
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise BackupError(f"{archive} is damaged: {exc}") from None
    if manifest is None:
        raise BackupError(f"{archive} has no {MANIFEST}: not a henno backup")
    return manifest


def _read_manifest(handle: IO[bytes]) -> dict[str, Any]:
    try:
        manifest = json.loads(handle.read(MAX_MANIFEST_BYTES + 1)[:MAX_MANIFEST_BYTES])
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"the backup's {MANIFEST} is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"the backup's {MANIFEST} is not of backup format {FORMAT}")
    if not isinstance(manifest.get("files"), dict):
        raise BackupError(f"the backup's {MANIFEST} lists no files")
    return manifest


def _check(manifest: dict[str, Any], staged: Staged, home: Home) -> BackupSummary:
    listed: dict[str, str] = manifest["files"]
    missing = sorted(set(listed) - set(staged.digests))
    unlisted = sorted(set(staged.digests) - set(listed))
    if missing or unlisted:
        raise BackupError(f"the backup's files differ from its {MANIFEST} (missing: "
                          f"{', '.join(missing) or 'none'}; not listed: "
                          f"{', '.join(unlisted) or 'none'})")
    for name, digest in sorted(staged.digests.items()):
        if listed[name] != digest:
            raise BackupError(f"{name} in the backup does not match its sha256 (damaged)")
    if DATABASE in listed and home.database is None:
        raise BackupError("the backup holds a SQLite review database but HENNO_DATABASE_URL "
                          "names another database; unset it to restore into the state folder")
    return BackupSummary(versions=_check_models(staged.models),
                         current=store.current_version(staged.models),
                         database=DATABASE in listed, session_key=SESSION_KEY in listed)


def _check_models(models: Path) -> list[str]:
    versions = store.list_versions(models)
    for version in versions:
        try:
            verify_version(models / version)
        except HennoError as exc:
            # Named as in the backup: the staging folder is gone when the message is read.
            reason = str(exc).replace(str(models), MODELS)
            raise BackupError(f"model version {version} in the backup cannot be loaded: "
                              f"{reason}") from None
    current = store.current_version(models)
    if (models / store.CURRENT_POINTER).exists() and current not in versions:
        raise BackupError("the backup's models/current names no version in the backup")
    return versions
