"""Starting the real `henno serve` on a free loopback port, for tests and benchmarks."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def request(port: int, method: str, path: str, body: object = None,
            headers: dict[str, str] | None = None) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"content-type": "application/json", **(headers or {})}
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def wait_ready(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"henno serve exited with {process.returncode}")
        try:
            if request(port, "GET", "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError("henno serve did not become ready")


@contextmanager
def serve(models: Path, workers: int = 1, env: dict[str, str] | None = None,
          before_start: Callable[[str], object] | None = None,
          ) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """(port, process) of `henno serve` on 127.0.0.1, stopped on exit; `env` adds variables.
    Without users or keys it runs open; `before_start` gets the database URL to add them
    (tests.service.accounts)."""
    port = free_port()
    state = tempfile.mkdtemp(prefix="henno-state-")  # the database (users, review items...)
    env = {**os.environ, "HENNO_MODELS_DIR": str(models), "HENNO_LOG_LEVEL": "WARNING",
           "HENNO_STATE_DIR": state, **(env or {})}
    if before_start is not None:
        url = env.get("HENNO_DATABASE_URL") or f"sqlite:///{Path(env['HENNO_STATE_DIR'])}/henno.db"
        before_start(url)
    process = subprocess.Popen([sys.executable, "-m", "henno.cli.main", "serve",
                                "--host", "127.0.0.1", "--port", str(port),
                                "--workers", str(workers)], env=env)
    try:
        wait_ready(port, process)
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(state, ignore_errors=True)
