"""Restore checks a backup whole before it changes anything: hostile member names, links,
files that do not match the manifest, models that loading would refuse."""

import hashlib
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.maintenance.conftest import UseHome, manifest_of, rewrite, run

Change = Callable[[tarfile.TarInfo, bytes], tuple[tarfile.TarInfo, bytes] | None]


def keep(info: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes] | None:
    return info, data


def drop(name: str) -> Change:
    return lambda info, data: None if info.name == name else (info, data)


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def version_of(archive: Path) -> str:
    files = manifest_of(archive)["files"]
    assert isinstance(files, dict)
    return str(next(name.split("/")[1] for name in files if name.endswith("/model.joblib")))


def model_file(archive: Path, name: str) -> str:
    return f"models/{version_of(archive)}/{name}"


def flip_last_byte(name: str) -> Change:
    def change(info: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
        return info, (data[:-1] + bytes([data[-1] ^ 1]) if info.name == name else data)
    return change


def flip_and_relist(name: str, archive: Path) -> Change:
    """A changed file whose new sha256 is also written into the manifest."""
    with tarfile.open(archive, "r:gz") as tar:
        handle = tar.extractfile(name)
        assert handle is not None
        original = handle.read()
    changed = original[:-1] + bytes([original[-1] ^ 1])

    def change(info: tarfile.TarInfo, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
        if info.name == "manifest.json":
            manifest = json.loads(data)
            manifest["files"][name] = hashlib.sha256(changed).hexdigest()
            return info, json.dumps(manifest).encode()
        return info, (changed if info.name == name else data)
    return change


CASES: list[tuple[str, Callable[[Path], tuple[Change, list[tuple[tarfile.TarInfo, bytes]]]],
                  Callable[[Path, Path], str]]] = [
    ("absolute path", lambda a: (keep, [(member("/tmp/henno-owned"), b"x")]),
     lambda a, b: "the backup holds an unsafe path '/tmp/henno-owned'; refusing to restore it"),
    ("dot-dot path", lambda a: (keep, [(member("models/../../owned"), b"x")]),
     lambda a, b: "the backup holds an unsafe path 'models/../../owned'; refusing to restore it"),
    ("symbolic link", lambda a: (drop("models/current"),
                                 [(member("models/current", tarfile.SYMTYPE, "/etc/passwd"), b"")]),
     lambda a, b: "the backup holds a link or special file 'models/current'; refusing to "
                  "restore it"),
    ("hard link", lambda a: (drop("state/session.key"),
                             [(member("state/session.key", tarfile.LNKTYPE, "manifest.json"),
                               b"")]),
     lambda a, b: "the backup holds a link or special file 'state/session.key'; refusing to "
                  "restore it"),
    ("an upload", lambda a: (keep, [(member("state/jobs/1/upload.csv"), b"x")]),
     lambda a, b: "the backup holds an unexpected file 'state/jobs/1/upload.csv'; refusing to "
                  "restore it"),
    ("not a version", lambda a: (keep, [(member("models/latest/model.joblib"), b"x")]),
     lambda a, b: "the backup holds an unexpected file 'models/latest/model.joblib'; refusing "
                  "to restore it"),
    ("damaged file", lambda a: (flip_last_byte(model_file(a, "report.md")), []),
     lambda a, b: f"{model_file(a, 'report.md')} in the backup does not match its sha256 "
                  "(damaged)"),
    ("file missing", lambda a: (drop("state/session.key"), []),
     lambda a, b: "the backup's files differ from its manifest.json (missing: "
                  "state/session.key; not listed: none)"),
    ("no manifest", lambda a: (drop("manifest.json"), []),
     lambda a, b: f"{b} has no manifest.json: not a henno backup"),
    ("model changed, manifest too", lambda a: (flip_and_relist(model_file(a, "model.joblib"),
                                                               a), []),
     lambda a, b: f"model version {version_of(a)} in the backup cannot be loaded: "
                  f"{model_file(a, 'model.joblib')} does not match the sha256 recorded when it "
                  "was trained (modified or truncated); refusing to load it"),
]


@pytest.mark.parametrize(("case", "build", "message"), CASES, ids=[c[0] for c in CASES])
def test_restore_refuses_a_hostile_or_damaged_backup(
        case: str, build: Callable[[Path], tuple[Change, list[tuple[tarfile.TarInfo, bytes]]]],
        message: Callable[[Path, Path], str], tmp_path: Path, backup_file: Path,
        use_home: UseHome, capsys: pytest.CaptureFixture[str]) -> None:
    change, extra = build(backup_file)
    hostile = rewrite(backup_file, tmp_path / "hostile.tar.gz", change, extra)
    target = use_home(tmp_path / "target")
    code, out, err = run(["restore", str(hostile)], capsys)
    assert (code, out, err) == (2, "", f"henno: error: {message(backup_file, hostile)}\n")
    assert not target.models.exists()
    assert not target.database.exists()
    assert list(target.root.iterdir()) == [target.state]
    assert list(target.state.iterdir()) == []
    assert not Path("/tmp/henno-owned").exists()


@pytest.mark.parametrize(("content", "reason"), [
    (b"PK\x03\x04 not a tar", "not a gzip file"),
    (b"", "empty file"),
])
def test_restore_refuses_a_file_that_is_no_backup(
        content: bytes, reason: str, tmp_path: Path, use_home: UseHome,
        capsys: pytest.CaptureFixture[str]) -> None:
    use_home(tmp_path / "target")
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(content)
    code, _, err = run(["restore", str(archive)], capsys)
    assert (code, err) == (2, f"henno: error: {archive} is not a henno backup: {reason}\n")


def test_restore_of_a_missing_file_says_so(tmp_path: Path, use_home: UseHome,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    use_home(tmp_path / "target")
    code, _, err = run(["restore", str(tmp_path / "nothing.tar.gz")], capsys)
    assert (code, err) == (2, f"henno: error: {tmp_path / 'nothing.tar.gz'}: no such file\n")
