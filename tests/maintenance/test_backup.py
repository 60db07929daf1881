"""henno backup and henno restore: the same models, review items, users, API keys, audit
entries, session key and predictions in a new home; a backup taken while the review database
is open and written."""

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from henno.audit import AuditAction
from henno.review.store import NewItem, ReviewStore
from henno.settings import get_settings
from henno.training.train import TrainResult
from tests.conftest import install_model
from tests.maintenance.conftest import REASON, UseHome, accounts_of, fill_home, run
from tests.service.live import request, serve

CHECKS = [["models", "list"], ["feedback", "stats"], ["classify", REASON, "--json"]]


def test_restore_into_an_empty_home_gives_the_same_answers(
        tmp_path: Path, use_home: UseHome, small_model: TrainResult,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = use_home(tmp_path / "source")
    fill_home(source, small_model)
    archive = tmp_path / "henno.tar.gz"
    # The service is running: its connection holds the latest item in the WAL, not yet
    # copied into the database file.
    with ReviewStore.open(source.url) as running:
        running.add_items([NewItem(text="マイナ保険証の誤登録が不安", model_label="errors",
                                   scores={"errors": 0.5, "scandal": 0.45},
                                   source_file="窓口.xlsx", source_row=7)])
        assert Path(f"{source.database}-wal").stat().st_size > 0
        code, out, _ = run(["backup", str(archive)], capsys)
    assert code == 0
    assert out == (f"wrote {archive}: 2 model versions (current: {small_model.version}), "
                   "the review database, the session key\n")
    before = [run(args, capsys) for args in CHECKS]
    assert "pending 2 · decided 1" in before[1][1]
    accounts = accounts_of(source)
    users, keys, entries = accounts
    assert ([user.name for user in users], len(keys)) == (["佐藤花子", "鈴木一郎"], 2)
    assert {AuditAction.LOGIN, AuditAction.DOWNLOAD} <= {entry.action for entry in entries}

    target = use_home(tmp_path / "target")
    code, out, _ = run(["restore", str(archive)], capsys)
    assert (code, out) == (0, f"restored {archive}: 2 model versions (current: "
                              f"{small_model.version}), the review database, the session key\n")
    assert [run(args, capsys) for args in CHECKS] == before
    assert accounts_of(target) == accounts
    assert (target.state / "session.key").read_bytes() == (
        source.state / "session.key").read_bytes()


def test_backup_file_is_private(backup_file: Path) -> None:
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600


def test_restore_refuses_to_replace_data_without_force(
        tmp_path: Path, backup_file: Path, use_home: UseHome, small_model: TrainResult,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = use_home(tmp_path / "target")
    fill_home(target, small_model)
    with ReviewStore.open(target.url) as store:
        store.purge(older_than=timedelta(0))
    code, _, err = run(["restore", str(backup_file)], capsys)
    assert code == 2
    assert err == (f"henno: error: {target.models}, {target.database}, "
                   f"{target.state / 'session.key'} already hold data; use --force to replace "
                   "it with the backup\n")
    assert run(["feedback", "stats"], capsys)[1] == "pending 0 · decided 0\n"

    assert run(["restore", str(backup_file), "--force"], capsys)[0] == 0
    assert run(["feedback", "stats"], capsys)[1] == "pending 1 · decided 1\n"
    assert not list(target.root.glob(".models.*"))


def test_backup_refuses_an_existing_file(tmp_path: Path, backup_file: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = backup_file.read_bytes()
    code, _, err = run(["backup", str(backup_file)], capsys)
    assert (code, err) == (2, f"henno: error: {backup_file} already exists; name a new file\n")
    assert backup_file.read_bytes() == before


def test_backup_refuses_a_damaged_model_and_writes_nothing(
        tmp_path: Path, use_home: UseHome, small_model: TrainResult,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = use_home(tmp_path / "home")
    fill_home(home, small_model)
    artifact = home.models / small_model.version / "model.joblib"
    artifact.write_bytes(artifact.read_bytes()[:-1])
    code, _, err = run(["backup", str(tmp_path / "b.tar.gz")], capsys)
    assert code == 2
    assert err == (f"henno: error: model version {small_model.version} cannot be backed up: "
                   f"{artifact} does not match the sha256 recorded when it was trained "
                   "(modified or truncated); refusing to load it\n")
    assert sorted(os.listdir(tmp_path)) == ["home"]
    assert not list(home.state.glob(".backup-*"))


def test_backup_of_a_running_service_restores_its_review_queue(
        tmp_path: Path, use_home: UseHome, small_model: TrainResult,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = use_home(tmp_path / "source")
    fill_home(source, small_model)
    archive = tmp_path / "henno.tar.gz"
    with serve(source.models, env={"HENNO_STATE_DIR": str(source.state)}) as (port, _):
        assert request(port, "GET", "/readyz")[0] == 200
        with ReviewStore.open(source.url) as store:
            store.add_items([NewItem(text="制度が信用できない", model_label="system_distrust",
                                     scores={"system_distrust": 0.5, "scandal": 0.4},
                                     source_file="forms.csv", source_row=9)])
        assert run(["backup", str(archive)], capsys)[0] == 0
        before = [run(args, capsys) for args in CHECKS]
    use_home(tmp_path / "target")
    assert run(["restore", str(archive)], capsys)[0] == 0
    assert [run(args, capsys) for args in CHECKS] == before
    assert "pending 2 · decided 1" in before[1][1]


POSTGRES_URL = "postgresql+psycopg://henno@db.invalid/henno"


def test_backup_with_postgresql_says_to_use_pg_dump(
        tmp_path: Path, use_home: UseHome, small_model: TrainResult,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    home = use_home(tmp_path / "home")
    install_model(small_model, home.models)
    monkeypatch.setenv("HENNO_DATABASE_URL", POSTGRES_URL)
    get_settings.cache_clear()
    archive = tmp_path / "henno.tar.gz"
    code, out, _ = run(["backup", str(archive)], capsys)
    assert (code, out) == (0, f"wrote {archive}: 1 model version (current: "
                              f"{small_model.version})\n"
                              "the review database named by HENNO_DATABASE_URL is not in this "
                              "file: back it up with its own tools (pg_dump for PostgreSQL)\n")


def test_restore_of_a_sqlite_database_into_a_postgresql_home_is_refused(
        tmp_path: Path, backup_file: Path, use_home: UseHome,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    target = use_home(tmp_path / "target")
    monkeypatch.setenv("HENNO_DATABASE_URL", POSTGRES_URL)
    get_settings.cache_clear()
    code, _, err = run(["restore", str(backup_file)], capsys)
    assert (code, err) == (2, "henno: error: the backup holds a SQLite review database but "
                              "HENNO_DATABASE_URL names another database; unset it to restore "
                              "into the state folder\n")
    assert not target.models.exists()
