"""Event-loop stall while hostile JSON bodies are refused (issue 14, finding 2).

    .venv/bin/python -m benchmarks.body_stall [--before /tmp/henno-before]

Starts `henno serve` on a free 127.0.0.1 port with a model trained on data/, sends each
hostile body below and, while it is being refused, calls GET /healthz back to back; prints
the slowest /healthz answer and the hostile request's status and time. With `--before PATH`
(a checkout of an older commit, e.g. `git worktree add /tmp/henno-before 4ec27ed`) the same
runs against a server started from that checkout, and both are printed side by side.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from henno.training.train import train_model
from tests.conftest import TEST_CSV, TRAIN_CSV
from tests.service.live import free_port, wait_ready

HOSTILE = {
    "batch of 1,000,000 ints (2 MB)": ("/v1/classify/batch",
                                       b'{"texts": [' + b",".join([b"1"] * 1_000_000) + b"]}"),
    # Just under the bound on JSON values: parsed (in the thread pool) before it is refused.
    "batch of 500,000 ints (1 MB)": ("/v1/classify/batch",
                                     b'{"texts": [' + b",".join([b"1"] * 500_000) + b"]}"),
    "300,000 unknown keys (3.5 MB)": ("/v1/classify", b'{"text": "a", ' + b", ".join(
        b'"k%d": 1' % i for i in range(300_000)) + b"}"),
}


@contextmanager
def serve_from(root: Path, models: Path) -> Iterator[int]:
    port = free_port()
    with tempfile.TemporaryDirectory() as state:
        env = {**os.environ, "HENNO_MODELS_DIR": str(models), "HENNO_STATE_DIR": state,
               "HENNO_LOG_LEVEL": "WARNING", "PYTHONPATH": str(root)}
        process = subprocess.Popen([sys.executable, "-m", "henno.cli.main", "serve", "--host",
                                    "127.0.0.1", "--port", str(port)], cwd=root, env=env)
        try:
            wait_ready(port, process)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=20)


def timed(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body,
                           headers={"content-type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def stall(port: int, path: str, body: bytes) -> tuple[float, int, float]:
    """(slowest /healthz seconds, hostile status, hostile seconds)."""
    outcome: list[tuple[int, float]] = []
    hostile = threading.Thread(target=lambda: outcome.append(timed(port, "POST", path, body)))
    hostile.start()
    slowest = timed(port, "GET", "/healthz")[1]
    while hostile.is_alive():
        slowest = max(slowest, timed(port, "GET", "/healthz")[1])
    hostile.join()
    return slowest, *outcome[0]


def measure(root: Path, models: Path) -> dict[str, tuple[float, int, float]]:
    with serve_from(root, models) as port:
        return {name: stall(port, path, body) for name, (path, body) in HOSTILE.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="checkout of the code to compare with")
    args = parser.parse_args()
    socket.setdefaulttimeout(300)
    here = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        models = Path(folder) / "models"
        train_model(TRAIN_CSV, TEST_CSV, models)
        before = measure(args.before, models) if args.before else None
        after = measure(here, models)
    print(f"{'hostile body':34} {'before: healthz max, status, s':>32} "
          f"{'after: healthz max, status, s':>32}")
    for name, (slowest, status, seconds) in after.items():
        old = "-" if before is None else "{:.3f} s, {}, {:.2f}".format(*before[name])
        print(f"{name:34} {old:>32} {f'{slowest:.3f} s, {status}, {seconds:.2f}':>32}")


if __name__ == "__main__":
    main()
