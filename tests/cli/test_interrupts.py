"""Ctrl+C and SIGTERM during `henno label` end cleanly: one line, no traceback, nothing left."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[2]
ROWS = 40_000  # several seconds of labelling on a busy machine: the signal lands mid-run
WAIT_SECONDS = 120


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "forms.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("受付簿")
    sheet.append(["窓口", "返納理由"])
    for i in range(ROWS):
        sheet.append(["本庁", f"来月、県外へ引っ越すため（{i}）"])
    workbook.save(path)
    return path


def _start(source: Path, models: Path, jobs: int) -> subprocess.Popen[bytes]:
    # A shell without job control starts background commands with SIGINT ignored.
    return subprocess.Popen(
        [sys.executable, "-m", "henno.cli.main", "label", str(source), "--quiet",
         "--jobs", str(jobs)],
        cwd=REPO, env={**os.environ, "HENNO_MODELS_DIR": str(models)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _reading(pid: int, source: Path) -> bool:
    """The input is open: the model is loaded and rows are being labelled."""
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            if Path(fd.readlink()) == source:
                return True
        except OSError:  # closed meanwhile
            continue
    return False


def _children(pid: int) -> list[Path]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(stat.parent)
    return found


def _sigint_in(process_dir: Path, mask_name: str) -> bool:
    """Whether SIGINT is in the process's SigIgn (ignored) or SigCgt (caught) mask."""
    try:
        status = (process_dir / "status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines()
                if line.startswith(f"{mask_name}:"))
    return bool(int(mask, 16) & (1 << (signal.SIGINT - 1)))


def _ignores_sigint(process_dir: Path) -> bool:
    return _sigint_in(process_dir, "SigIgn")


def _workers(pid: int) -> list[Path]:
    """The --jobs workers (not multiprocessing's resource tracker), once they run Python."""
    found = []
    for child in _children(pid):
        try:
            if b"spawn_main" in (child / "cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


def _python_handles_sigint(process_dir: Path) -> bool:
    """Python has set up SIGINT: caught (its own handler) or ignored (henno's workers)."""
    return _sigint_in(process_dir, "SigCgt") or _sigint_in(process_dir, "SigIgn")


def _workers_started(pid: int, jobs: int) -> bool:
    """The workers run Python (importing, seconds before they load the model) and the parent
    is past starting them (its own Ctrl+C handler is back)."""
    workers = _workers(pid)
    return (len(workers) >= jobs and all(_python_handles_sigint(w) for w in workers)
            and _sigint_in(Path(f"/proc/{pid}"), "SigCgt"))


def _workers_ready(pid: int, jobs: int) -> bool:
    """--jobs workers ignore Ctrl+C (the parent stops them)."""
    if jobs == 1:
        return True
    return _workers_started(pid, jobs) and all(_ignores_sigint(w) for w in _workers(pid))


def _wait_until_labelling(source: Path, process: subprocess.Popen[bytes], jobs: int) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not (_reading(process.pid, source) and _workers_ready(process.pid, jobs)):
        assert process.poll() is None and time.monotonic() < deadline, "never started labelling"
        time.sleep(0.05)


INTERRUPTED = "henno: interrupted; nothing was changed\n"
TERMINATED = "henno: terminated; nothing was changed\n"


# Ctrl+C reaches the terminal's whole process group (--jobs workers too); `kill` one process,
# systemd the whole group.
@pytest.mark.parametrize(("signum", "to_group", "jobs", "code", "message"), [
    (signal.SIGINT, True, 1, 130, INTERRUPTED),
    (signal.SIGINT, True, 2, 130, INTERRUPTED),
    (signal.SIGTERM, False, 1, 143, TERMINATED),
    (signal.SIGTERM, True, 2, 143, TERMINATED),
])
def test_a_signal_mid_run_ends_cleanly_and_leaves_nothing(
        tmp_path: Path, cli_models: Path, big_workbook: Path, signum: signal.Signals,
        to_group: bool, code: int, message: str, jobs: int) -> None:
    folder = tmp_path / "work"  # tmp_path also holds the models
    folder.mkdir()
    source = folder / big_workbook.name
    source.write_bytes(big_workbook.read_bytes())
    process = _start(source, cli_models, jobs)
    try:
        _wait_until_labelling(source, process, jobs)
        if to_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=WAIT_SECONDS)
    finally:
        process.kill()
    assert (process.returncode, err.decode()) == (code, message)
    assert sorted(p.name for p in folder.iterdir()) == ["forms.xlsx"]


def test_ctrl_c_while_workers_start_ends_cleanly(tmp_path: Path, cli_models: Path,
                                                 big_workbook: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    source = folder / big_workbook.name
    source.write_bytes(big_workbook.read_bytes())
    process = _start(source, cli_models, 2)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        # Workers spend seconds importing before they could ignore Ctrl+C themselves.
        while not _workers_started(process.pid, 2):
            assert process.poll() is None and time.monotonic() < deadline, "no workers"
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=WAIT_SECONDS)
    finally:
        process.kill()
    assert (process.returncode, err.decode()) == (130, INTERRUPTED)
    assert sorted(p.name for p in folder.iterdir()) == ["forms.xlsx"]
