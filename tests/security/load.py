"""Keep-alive clients that classify in a loop, for the worker and soak tests (loopback only)."""

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from henno.model import store
from tests.service.live import request

PAYLOAD = json.dumps({"text": "不祥事が続いたので返納します"}).encode()


@dataclass
class Outcomes:
    """(time, status) of every request; status -1 when the connection failed."""

    records: list[tuple[float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int) -> None:
        with self.lock:
            self.records.append((time.monotonic(), status))

    def failures(self, since: float = 0.0) -> int:
        return sum(1 for at, status in self.records if at >= since and status != 200)

    def successes(self, since: float = 0.0) -> int:
        return sum(1 for at, status in self.records if at >= since and status == 200)


def classify_loop(port: int, stop: threading.Event, outcomes: Outcomes) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while not stop.is_set():
        try:
            connection.request("POST", "/v1/classify", body=PAYLOAD,
                               headers={"content-type": "application/json"})
            response = connection.getresponse()
            response.read()
            outcomes.add(response.status)
        except OSError:
            outcomes.add(-1)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()


def start_clients(port: int, count: int) -> tuple[threading.Event, Outcomes,
                                                  list[threading.Thread]]:
    stop, outcomes = threading.Event(), Outcomes()
    threads = [threading.Thread(target=classify_loop, args=(port, stop, outcomes))
               for _ in range(count)]
    for thread in threads:
        thread.start()
    return stop, outcomes, threads


def stop_clients(stop: threading.Event, threads: list[threading.Thread]) -> None:
    stop.set()
    for thread in threads:
        thread.join(timeout=15)


def reload_under_load(port: int, models: Path, versions: list[str],
                      pause: float) -> Outcomes:
    """Eight clients classify while `current` moves through `versions`, each reloaded by the
    admin route (which must answer 200; the server runs open); the clients' outcomes."""
    stop, outcomes, threads = start_clients(port, 8)
    try:
        for version in versions:
            store.set_current(models, version)
            assert request(port, "POST", "/v1/admin/reload")[0] == 200
            time.sleep(pause)
    finally:
        stop_clients(stop, threads)
    return outcomes
