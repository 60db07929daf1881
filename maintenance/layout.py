"""What a backup holds and where each part lives in a henno home."""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from henno.model.errors import HennoError
from henno.settings import Settings

FORMAT = 1
MANIFEST = "manifest.json"
MODELS = "models"
DATABASE = "state/henno.db"
SESSION_KEY = "state/session.key"
# Uploads being labelled (HENNO_FILES_DIR) and scratch files hold residents' texts for hours
# only: they are never backed up.
_STATE_FILES = (DATABASE, SESSION_KEY)


class BackupError(HennoError):
    code = "backup_error"


@dataclass(frozen=True)
class Home:
    """The folders and files of one installation, as its settings name them."""

    models_dir: Path
    state_dir: Path
    database: Path | None  # None: the review store is not a SQLite file (e.g. PostgreSQL)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Home":
        return cls(settings.models_dir, settings.state_dir,
                   sqlite_file(settings.review_database_url()))

    @property
    def session_key(self) -> Path:
        return self.state_dir / PurePosixPath(SESSION_KEY).name


def sqlite_file(url: str) -> Path | None:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise BackupError("HENNO_DATABASE_URL is not a valid database URL") from None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def check_member_name(name: str) -> str:
    """`name` if a backup may hold it: a relative path to a model file or a state file."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name != path.as_posix():
        raise BackupError(f"the backup holds an unsafe path {name!r}; refusing to restore it")
    if name == MANIFEST or name in _STATE_FILES or path.parts[0] == MODELS:
        return name
    raise BackupError(f"the backup holds an unexpected file {name!r}; refusing to restore it")
