"""The production install paths, for real: the offline bundle built from the package index
and installed into a fresh venv with no network, and scripts/run's non-editable install.

Slow (minutes: every dependency is installed twice), so marked `bundle`; one bundle is built
per session. Training uses the fewest rows `henno train` accepts."""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from henno.model.labels import LABELS
from henno.training.dataset import MIN_ROWS_PER_LABEL
from henno.training.train import TrainResult
from tests.conftest import REPO, TEST_CSV, TRAIN_CSV, install_model, sample_rows, write_rows
from tests.service.live import free_port, request, wait_ready

pytestmark = pytest.mark.bundle
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"]
# The scripts build and install with the Python running the tests (python3 may lack pip).
ENV = {**os.environ, "PYTHON": sys.executable}
# Any attempt to reach the network during the offline install fails at once.
NO_NETWORK = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
              "PIP_INDEX_URL": "http://127.0.0.1:9/simple"}


def run(args: list[str | Path], env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False,
                          timeout=timeout, cwd=cwd, env={**ENV, **(env or {})})


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle") / "henno-bundle"
    result = run([REPO / "scripts" / "bundle", folder])
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def installed(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("offline") / "venv"
    result = run([bundle / "install", venv], env=NO_NETWORK)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"installed henno {VERSION} in {venv}: {venv}/bin/henno --version\n"
    return venv


def test_bundle_holds_wheels_deploy_files_corpus_and_checksums(bundle: Path) -> None:
    assert (bundle / "BUNDLE").read_text().splitlines()[:2] == [f"henno {VERSION}",
                                                                "python 3.11"]
    for name in ("install", "requirements.lock", "LICENSE", "deploy/henno.service",
                 "deploy/henno.env", "deploy/nginx.conf", "data/train.csv", "data/test.csv"):
        assert (bundle / name).is_file(), name
    check = run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=bundle)
    assert check.returncode == 0, check.stdout


def test_henno_wheel_declares_the_apache_licence(bundle: Path) -> None:
    wheel = bundle / "wheels" / f"henno-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"henno-{VERSION}.dist-info/METADATA").decode()
        names = archive.namelist()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    assert f"henno-{VERSION}.dist-info/licenses/LICENSE" in names
    assert "henno/maintenance/backup.py" in names
    # One import name: nothing another distribution could overwrite or shadow.
    assert {name.split("/")[0] for name in names} == {"henno", f"henno-{VERSION}.dist-info"}


def test_offline_install_answers_version_trains_and_classifies(installed: Path,
                                                                tmp_path: Path) -> None:
    henno = installed / "bin" / "henno"
    assert run([henno, "--version"]).stdout == f"henno {VERSION}\n"
    train = write_rows(tmp_path / "train.csv", sample_rows(TRAIN_CSV, MIN_ROWS_PER_LABEL))
    test = write_rows(tmp_path / "test.csv", sample_rows(TEST_CSV, MIN_ROWS_PER_LABEL))
    env = {"HENNO_MODELS_DIR": str(tmp_path / "models"), "HENNO_STATE_DIR": str(tmp_path / "var")}
    trained = run([henno, "train", "--data", train, "--test", test], env=env, cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert "promoted: there was no current model" in trained.stdout
    classified = run([henno, "classify", "来月、転勤で大阪に引っ越すため返納します", "--json"],
                     env=env, cwd=tmp_path)
    assert classified.returncode == 0, classified.stderr
    assert json.loads(classified.stdout)["label"] in LABELS


def fake_python(folder: Path, version: str) -> Path:
    """A `python` that says it is `version`, to try the bundle's check."""
    path = folder / "python"
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(("case", "message"), [
    ("other python", "install: this bundle is for Python 3.11 but {python} is 3.10; set "
                     "PYTHON=python3.11\n"),
    ("changed file", "install: requirements.lock changed since the bundle was built "
                     "(SHA256SUMS); copy the bundle again\n"),
], ids=["other python", "changed file"])
def test_install_refuses_another_python_or_a_changed_bundle(
        case: str, message: str, bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(bundle, copy, symlinks=True, ignore=shutil.ignore_patterns("wheels"))
    (copy / "wheels").symlink_to(bundle / "wheels")
    env = {"PYTHON": sys.executable}
    if case == "other python":
        env["PYTHON"] = str(fake_python(tmp_path, "3.10"))
    else:
        (copy / "requirements.lock").write_text("numpy==0.0.1\n")
    result = run([copy / "install", tmp_path / "venv"], env={**env, **NO_NETWORK})
    assert (result.returncode, result.stderr) == (2, message.format(python=env["PYTHON"]))
    assert not (tmp_path / "venv").exists()


def test_scripts_run_installs_without_dev_tools_and_serves(
        tmp_path: Path, small_model: TrainResult) -> None:
    models = install_model(small_model, tmp_path / "models")
    venv, port = tmp_path / "venv-run", free_port()
    env = {**ENV, "VENV": str(venv), "HENNO_MODELS_DIR": str(models),
           "HENNO_STATE_DIR": str(tmp_path / "var"), "HENNO_PORT": str(port)}
    process = subprocess.Popen([REPO / "scripts" / "run"], env=env)
    try:
        wait_ready(port, process, seconds=1200)
        assert request(port, "GET", "/healthz")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=60)
    installed = run([venv / "bin" / "python", "-m", "pip", "list", "--format", "json"])
    names = {package["name"].lower() for package in json.loads(installed.stdout)}
    assert "henno" in names and "scikit-learn" in names
    assert not names & {"pytest", "playwright", "schemathesis", "psycopg", "mypy", "ruff"}
    direct_url = run([venv / "bin" / "python", "-c",
                      "from importlib.metadata import distribution as d; "
                      "print(d('henno').read_text('direct_url.json'))"]).stdout
    assert '"editable": true' not in direct_url


def other_wheel(folder: Path) -> Path:
    """A distribution shipping top-level `cli` and `model` packages, as others do."""
    files = {"cli/__init__.py": b"raise ImportError('the other cli')\n",
             "model/__init__.py": b"raise ImportError('the other model')\n",
             "othercli-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: othercli\n"
                                                b"Version: 1.0\n",
             "othercli-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\n"
                                             b"Root-Is-Purelib: true\nTag: py3-none-any\n"}
    digest = {name: base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
              for name, data in files.items()}
    record = "".join(f"{name},sha256={digest[name].decode()},{len(data)}\n"
                     for name, data in files.items()) + "othercli-1.0.dist-info/RECORD,,\n"
    path = folder / "othercli-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("othercli-1.0.dist-info/RECORD", record)
    return path


def test_another_distributions_cli_package_neither_breaks_nor_removes_henno(
        installed: Path, tmp_path: Path) -> None:
    pip, henno = installed / "bin" / "pip", installed / "bin" / "henno"
    added = run([pip, "install", "--no-index", other_wheel(tmp_path)], env=NO_NETWORK)
    assert added.returncode == 0, added.stderr
    try:
        assert run([henno, "--version"]).stdout == f"henno {VERSION}\n"
    finally:
        removed = run([pip, "uninstall", "--yes", "othercli"])
    assert removed.returncode == 0, removed.stderr
    assert run([henno, "--version"]).stdout == f"henno {VERSION}\n"
    check = run([installed / "bin" / "python", "-c", "import henno.cli.main, henno.model"])
    assert check.returncode == 0, check.stderr


def test_a_local_model_py_does_not_shadow_henno(installed: Path, tmp_path: Path) -> None:
    for name in ("model.py", "cli.py", "service.py"):
        (tmp_path / name).write_text("raise SystemExit('a local file was imported')\n")
    # `python -m` puts the working folder first on sys.path, as a notebook does.
    result = run([installed / "bin" / "python", "-m", "henno.cli.main", "--version"],
                 cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"henno {VERSION}\n"), result.stderr
