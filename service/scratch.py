"""henno's private folders in the state directory: created and kept 0700 (files 0600), and
cleared of what an interrupted process left behind, since those files hold residents' data.

`tmp/` in the state folder is where the service's temporary files go instead of the system
temp folder."""

import errno
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from henno.model.errors import HennoError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_FULL = (errno.ENOSPC, errno.EDQUOT)


class StorageFull(HennoError):
    """The state folder's disk (or quota) is full."""

    code = "storage_full"


def is_full(exc: OSError) -> bool:
    return exc.errno in _FULL


@contextmanager
def full_is_storage_full() -> Iterator[None]:
    """A full disk becomes StorageFull (a clerk's message, a 507), other OSErrors pass."""
    try:
        yield
    except OSError as exc:
        if is_full(exc):
            raise StorageFull("the state folder is full") from exc
        raise


def private_dir(path: Path) -> Path:
    """`path` as a folder only its owner can enter, even when it already existed (mkdir's
    mode applies only to a new folder, and through the umask)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    os.chmod(path, PRIVATE_DIR)
    return path


def scratch_dir(state_dir: Path) -> Path:
    """The private folder for temporary files (created, 0700)."""
    return private_dir(private_dir(state_dir) / "tmp")


def empty_scratch(state_dir: Path, before: float) -> int:
    """Remove what `tmp/` holds from before `before` (a time.time()), the leftovers of a
    killed process; newer files may belong to a sibling worker that started meanwhile.
    Returns how many entries were removed."""
    removed = 0
    for entry in list(scratch_dir(state_dir).iterdir()):
        try:
            if entry.lstat().st_mtime < before:
                _remove(entry)
                removed += 1
        except FileNotFoundError:  # removed by a sibling meanwhile
            continue
    return removed


def remove_except(folder: Path, keep: Iterable[str]) -> None:
    """Remove everything in `folder` but the entries named in `keep`."""
    kept = set(keep)
    for entry in list(folder.iterdir()):
        if entry.name not in kept:
            _remove(entry)


def make_private(folder: Path) -> None:
    """Folders 0700 and files 0600 under `folder`, whatever the umask gave them."""
    os.chmod(folder, PRIVATE_DIR)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), PRIVATE_DIR)
        for name in files:
            os.chmod(os.path.join(parent, name), PRIVATE_FILE)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)
