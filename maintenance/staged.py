"""A backup unpacked beside the home it is restored into, then swapped in by renames."""

import hashlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from henno.maintenance.layout import DATABASE, SESSION_KEY, BackupError, Home
from henno.model import store

_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def copy_hashed(source: IO[bytes], target: Path) -> str:
    """Copy `source` into a new private file `target`; the sha256 of what was written."""
    digest = hashlib.sha256()
    with open(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "wb") as out:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _model_file(models: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts[1:]
    if parts == (store.CURRENT_POINTER,):
        return models / store.CURRENT_POINTER
    if len(parts) == 2 and store.is_version_id(parts[0]):
        (models / parts[0]).mkdir(exist_ok=True)
        return models / parts[0] / parts[1]
    raise BackupError(f"the backup holds an unexpected file {name!r}; refusing to restore it")


def _place(staged: Path, target: Path) -> None:
    """Replace `target` by a copy of `staged` in one rename (mode 0600)."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(descriptor)
    try:
        shutil.copyfile(staged, partial)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@dataclass
class Staged:
    home: Home
    models: Path
    state: Path
    digests: dict[str, str] = field(default_factory=dict)

    @classmethod
    @contextmanager
    def create(cls, home: Home) -> Iterator["Staged"]:
        """Private folders next to the models folder and in the state folder, removed after."""
        home.models_dir.parent.mkdir(parents=True, exist_ok=True)
        home.state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        models = Path(tempfile.mkdtemp(dir=home.models_dir.parent,
                                       prefix=f".{home.models_dir.name}.restore-"))
        try:
            state = Path(tempfile.mkdtemp(dir=home.state_dir, prefix=".restore-"))
            try:
                yield cls(home, models, state)
            finally:
                shutil.rmtree(state, ignore_errors=True)
        finally:
            shutil.rmtree(models, ignore_errors=True)

    def path_for(self, name: str) -> Path:
        if name in (DATABASE, SESSION_KEY):
            return self.state / PurePosixPath(name).name
        return _model_file(self.models, name)

    def install(self) -> None:
        """Swap the checked backup in: models folder, then database, then session key."""
        self._install_models()
        database = self.path_for(DATABASE)
        if database.is_file() and self.home.database is not None:
            # The old WAL would be replayed over the restored file: the service is stopped
            # during a restore, so these side files belong to the replaced database.
            for suffix in _SQLITE_SIDE_FILES:
                Path(f"{self.home.database}{suffix}").unlink(missing_ok=True)
            _place(database, self.home.database)
        if self.path_for(SESSION_KEY).is_file():
            _place(self.path_for(SESSION_KEY), self.home.session_key)

    def _install_models(self) -> None:
        target = self.home.models_dir
        if not target.exists():
            os.rename(self.models, target)
            return
        replaced = target.with_name(f".{target.name}.replaced-{secrets.token_hex(4)}")
        os.rename(target, replaced)
        os.rename(self.models, target)
        shutil.rmtree(replaced, ignore_errors=True)
