"""Load test of the HTTP service on loopback, bounded in time (issue: the HTTP service).

    .venv/bin/python -m benchmarks.service_load [--seconds 5] [--workers 1]

Starts `henno serve` on a free 127.0.0.1 port with a model trained on data/, then, against
that one server, measures requests/s and p50/p99 latency of POST /v1/classify and of
GET /healthz (no work: the framework's own ceiling) at concurrency 1, 16 and 64, and the
texts/s of POST /v1/classify/batch with 1,000 texts per request. Clients are asyncio
keep-alive connections speaking plain HTTP/1.1, so the load generator stays cheap.
"""

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from henno.training.train import train_model
from tests.conftest import TEST_CSV, TRAIN_CSV, read_rows
from tests.service.live import serve

LEVELS = (1, 16, 64)


def http_request(method: str, path: str, body: bytes = b"") -> bytes:
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def client(port: int, requests: list[bytes], deadline: float,
                 latencies: list[float], failures: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        writer.write(requests[index % len(requests)])
        index += 1
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        if status != 200:
            failures.append(status)
    writer.close()


async def measure(port: int, requests: list[bytes], concurrency: int,
                  seconds: float) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, failures) of `concurrency` clients for `seconds`."""
    latencies: list[float] = []
    failures: list[int] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(client(port, requests, deadline, latencies, failures)
                           for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return (len(latencies) / elapsed, statistics.median(ordered) * 1000,
            ordered[int(0.99 * (len(ordered) - 1))] * 1000, len(failures))


async def run(port: int, seconds: float) -> None:
    texts = [text for text, _ in read_rows(TEST_CSV)]
    classify = [http_request("POST", "/v1/classify", json.dumps({"text": t}).encode())
                for t in texts[:500]]
    trivial = [http_request("GET", "/healthz")]
    batches = [http_request("POST", "/v1/classify/batch",
                            json.dumps({"texts": texts[i : i + 1000]}).encode())
               for i in range(0, len(texts) - 999, 97)]
    await measure(port, classify, 4, 1.0)  # warm-up: threads, caches
    print(f"{'endpoint':22} {'conc':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'x trivial':>9} {'failed':>6}")
    for concurrency in LEVELS:
        base = await measure(port, trivial, concurrency, seconds)
        work = await measure(port, classify, concurrency, seconds)
        for name, result, ratio in (("GET /healthz", base, ""),
                                    ("POST /v1/classify", work, f"{work[0] / base[0]:.2f}")):
            print(f"{name:22} {concurrency:4d} {result[0]:8.0f} {result[1]:8.2f} "
                  f"{result[2]:8.2f} {ratio:>9} {result[3]:6d}")
    for concurrency in (1, 2):
        rate, p50, p99, failed = await measure(port, batches, concurrency, seconds)
        print(f"{'POST /v1/classify/batch':22} {concurrency:4d} {rate:8.1f} {p50:8.2f} "
              f"{p99:8.2f} {'':>9} {failed:6d}   = {rate * 1000:.0f} texts/s (1,000 per request)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        models = Path(folder) / "models"
        train_model(TRAIN_CSV, TEST_CSV, models)
        with serve(models, workers=args.workers) as (port, _):
            print(f"henno serve --workers {args.workers} on 127.0.0.1:{port}; "
                  f"{args.seconds:.0f} s per measurement")
            asyncio.run(run(port, args.seconds))


if __name__ == "__main__":
    main()
