"""A henno home (models, state folder, review database) in a temporary folder, and a backup
of one holding two model versions, review items, users, an API key, audit entries and a
session key."""

import io
import json
import os
import secrets
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from henno.accounts import AccountStore, KeyInfo, Role, UserInfo
from henno.audit import AuditAction, AuditEntry, AuditTrail
from henno.cli.main import main
from henno.review.db import make_engine
from henno.review.store import NewItem, ReviewStore
from henno.settings import get_settings
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model

OTHER_VERSION = "20260101T000000Z-abcdef"
REASON = "来月、転勤で大阪に引っ越すため返納します"
PASSWORD = "correct horse battery"  # fictional, at least 12 characters


@dataclass(frozen=True)
class HomeDirs:
    root: Path

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def state(self) -> Path:
        return self.root / "var"

    @property
    def database(self) -> Path:
        return self.state / "henno.db"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.database}"


UseHome = Callable[[Path], HomeDirs]


@pytest.fixture
def use_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[UseHome]:
    """Point HENNO_MODELS_DIR and HENNO_STATE_DIR at a folder, as HENNO_HOME would."""

    def use(root: Path) -> HomeDirs:
        home = HomeDirs(root)
        monkeypatch.setenv("HENNO_MODELS_DIR", str(home.models))
        monkeypatch.setenv("HENNO_STATE_DIR", str(home.state))
        monkeypatch.delenv("HENNO_DATABASE_URL", raising=False)
        get_settings.cache_clear()
        return home

    yield use
    get_settings.cache_clear()


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def fill_home(home: HomeDirs, model: TrainResult) -> None:
    """Two model versions (the trained one current), two review items, one decided."""
    install_model(model, home.models)
    clone_version(home.models, model.version, OTHER_VERSION)
    items = [NewItem(text=f"{REASON}（{n}）", model_label="relocation",
                     scores={"relocation": 0.5, "other": 0.4}, source_file="forms.csv",
                     source_row=n) for n in (1, 2)]
    with ReviewStore.open(home.url) as store:
        store.add_items(items)
        claimed = store.claim_next("佐藤花子")
        assert claimed is not None
        store.decide(claimed.id, "佐藤花子", "relocation")
    fill_accounts(home)
    # Homes made by henno 0.2 hold the key of its signed session cookies; backups carry it.
    key = home.state / "session.key"
    key.write_bytes(secrets.token_bytes(32))
    os.chmod(key, 0o600)


def fill_accounts(home: HomeDirs) -> None:
    """Two users (one disabled), a live and a revoked API key, and their audit entries."""
    engine = make_engine(home.url)
    try:
        audit = AuditTrail(engine)
        accounts = AccountStore(engine, audit=audit)
        accounts.add_user("佐藤花子", Role.CLERK, PASSWORD)
        accounts.add_user("鈴木一郎", Role.ADMIN, PASSWORD)
        accounts.set_disabled("鈴木一郎", True)
        accounts.create_key("集計", Role.CLERK)
        accounts.create_key("古い鍵", Role.ADMIN)
        accounts.revoke_key("古い鍵")
        accounts.login("佐藤花子", PASSWORD)
        audit.record("user:佐藤花子", AuditAction.DOWNLOAD, file="窓口.xlsx", rows=2)
    finally:
        engine.dispose()


def accounts_of(home: HomeDirs) -> tuple[list[UserInfo], list[KeyInfo], list[AuditEntry]]:
    """What the home's database says about its users, keys and audit trail."""
    engine = make_engine(home.url)
    try:
        accounts = AccountStore(engine)
        return accounts.users(), accounts.keys(), AuditTrail(engine).latest(100)
    finally:
        engine.dispose()


@pytest.fixture
def backup_file(tmp_path: Path, use_home: UseHome, small_model: TrainResult) -> Path:
    home = use_home(tmp_path / "source")
    fill_home(home, small_model)
    archive = tmp_path / "henno.tar.gz"
    assert main(["backup", str(archive)]) == 0
    return archive


def rewrite(archive: Path, target: Path,
            change: Callable[[tarfile.TarInfo, bytes], tuple[tarfile.TarInfo, bytes] | None],
            extra: list[tuple[tarfile.TarInfo, bytes]] | None = None) -> Path:
    """A copy of `archive` with each member passed through `change` (None drops it)."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            handle = source.extractfile(member)
            data = handle.read() if handle else b""
            changed = change(member, data)
            if changed is not None:
                info, content = changed
                info.size = len(content)
                out.addfile(info, _reader(content) if info.isfile() else None)
        for info, content in extra or []:
            out.addfile(info, _reader(content) if info.isfile() else None)
    return target


def _reader(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)


def manifest_of(archive: Path) -> dict[str, object]:
    with tarfile.open(archive, "r:gz") as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        manifest: dict[str, object] = json.loads(handle.read())
        return manifest
