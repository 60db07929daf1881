"""Two `henno serve` processes set up as two hosts would be: each its own state folder,
sharing only the database, the models folder and the files folder."""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.service.live import free_port, request, wait_ready

CLASSIFY_TEXT = "来月、転勤で大阪に引っ越すため返納します"


@dataclass(frozen=True)
class Shared:
    """What the two hosts share; `env` holds the variables both get."""

    database_url: str
    models: Path
    files: Path
    extra: dict[str, str]

    def env(self, state: Path) -> dict[str, str]:
        return {**os.environ, "HENNO_DATABASE_URL": self.database_url,
                "HENNO_MODELS_DIR": str(self.models), "HENNO_FILES_DIR": str(self.files),
                "HENNO_STATE_DIR": str(state), "HENNO_LOG_LEVEL": "WARNING", **self.extra}


@dataclass(frozen=True)
class Replica:
    name: str
    port: int
    process: "subprocess.Popen[bytes]"
    log: Path

    def call(self, method: str, path: str, body: object = None,
             headers: dict[str, str] | None = None) -> tuple[int, Any]:
        return request(self.port, method, path, body, headers)

    def served_version(self, headers: dict[str, str] | None = None) -> str:
        status, body = self.call("POST", "/v1/classify", {"text": CLASSIFY_TEXT}, headers)
        assert status == 200, (self.name, status, body)
        return str(body["model_version"])


@contextmanager
def replica(name: str, shared: Shared, state: Path) -> Iterator[Replica]:
    """`henno serve` on a free loopback port, stopped (killed if it must be) on exit."""
    state.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), state / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "henno.cli.main", "serve", "--host", "127.0.0.1",
             "--port", str(port)], env=shared.env(state), stdout=output, stderr=output)
    try:
        try:
            wait_ready(port, process)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"replica {name}: {exc}\n{log.read_text(errors='replace')}") from exc
        yield Replica(name, port, process, log)
    finally:
        stop(process)


def stop(process: "subprocess.Popen[bytes]") -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def henno(shared: Shared, state: Path, *args: str, stdin: str = "") -> str:
    """A `henno` command run as an administrator on one of the hosts would; its stdout."""
    done = subprocess.run([sys.executable, "-m", "henno.cli.main", *args], input=stdin.encode(),
                          env=shared.env(state), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout.decode()


def wait_for(check: Callable[[], bool], seconds: float) -> bool:
    """True as soon as `check` holds; False if it still does not after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()
