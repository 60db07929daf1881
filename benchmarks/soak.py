"""Soak test of the HTTP service (issue: reliability), loopback only, bounded in time.

    .venv/bin/python -m benchmarks.soak [--seconds 60] [--clients 32] [--reload-every 5]

`henno serve` with a model trained on data/; 32 keep-alive clients classify for 60 s while the
model is reloaded every 5 s (alternating two versions). Prints requests, failures, and the
server's resident memory at the 10th second and at the end.
"""

import argparse
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.measure import tree_rss
from henno.model import store
from henno.training.train import train_model
from tests.conftest import TEST_CSV, TRAIN_CSV, clone_version
from tests.security.load import start_clients, stop_clients
from tests.service.live import request, serve

OTHER = "20990101T000000Z-50a050"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--reload-every", type=float, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        models = Path(folder) / "models"
        version = train_model(TRAIN_CSV, TEST_CSV, models).version
        clone_version(models, version, OTHER)
        with serve(models) as (port, process):
            server = psutil.Process(process.pid)
            memory: list[tuple[float, int]] = []
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    memory.append((time.monotonic(), tree_rss(server)))
                    time.sleep(1)

            sampler = threading.Thread(target=sample)
            started = time.monotonic()
            stop, outcomes, threads = start_clients(port, args.clients)
            sampler.start()
            reloads, versions = 0, [OTHER, version]
            try:
                while time.monotonic() - started < args.seconds:
                    time.sleep(args.reload_every)
                    store.set_current(models, versions[reloads % 2])
                    status, _ = request(port, "POST", "/v1/admin/reload")  # runs open
                    reloads += status == 200
            finally:
                stop_clients(stop, threads)
                done.set()
                sampler.join()
        shutil.rmtree(models, ignore_errors=True)
    at_10 = next(rss for at, rss in memory if at - started >= 10)
    end = memory[-1][1]
    total = outcomes.successes() + outcomes.failures()
    print(f"{args.seconds:.0f} s, {args.clients} clients, {reloads} reloads: {total:,} requests "
          f"({total / args.seconds:,.0f}/s), {outcomes.failures()} failed")
    print(f"server memory: {at_10 / 2**20:.0f} MiB at 10 s, {end / 2**20:.0f} MiB at the end "
          f"({(end - at_10) / at_10:+.1%}; goal < +10 %)")
    print("every 10 s: " + ", ".join(f"{rss / 2**20:.0f}" for at, rss in memory
                                     if round(at - started) % 10 == 0) + " MiB")


if __name__ == "__main__":
    main()
