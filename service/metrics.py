"""Prometheus metrics of the service: one process's, or every worker's under
`henno serve --workers N` (prometheus-client's multiprocess mode)."""

import os
import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector

from henno.service.metrics_folder import MULTIPROC_VARIABLE

_WORKER_FILE = re.compile(r"_(\d+)\.db$")


def multiprocess_dir() -> Path | None:
    """The workers' shared metrics folder, if any. prometheus_client switches to it on this
    variable when it is first imported; henno follows the same switch, not a setting."""
    value = os.environ.get(MULTIPROC_VARIABLE)
    return Path(value) if value else None


class WorkerProcesses(Collector):
    """process_* metrics of every worker that wrote to the folder, labelled with its pid."""

    def __init__(self, folder: Path):
        self.folder = folder

    def collect(self) -> Iterable[Metric]:
        families: dict[str, Metric] = {}
        for pid in sorted({int(m[1]) for f in self.folder.glob("*.db")
                           if (m := _WORKER_FILE.search(f.name))}):
            # A worker that has exited has no /proc entry: ProcessCollector yields nothing.
            for family in ProcessCollector(pid=partial(str, pid), registry=None).collect():
                merged = families.setdefault(
                    family.name, Metric(family.name, family.documentation, family.type))
                for sample in family.samples:
                    merged.add_sample(sample.name, {**sample.labels, "pid": str(pid)},
                                      sample.value)
        return list(families.values())


class Metrics:
    """The app's own registry, so several apps in one process never share counters."""

    def __init__(self, shared_folder: Path | None = None) -> None:
        self.shared_folder = shared_folder if shared_folder is not None else multiprocess_dir()
        self.registry = registry = CollectorRegistry()
        self.requests = Counter("henno_requests_total", "HTTP requests", ["route", "status"],
                                registry=registry)
        self.latency = Histogram("henno_request_seconds", "Request latency", ["route"],
                                 buckets=(0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                          0.5, 1, 2.5, 5, 10), registry=registry)
        self.predictions = Counter("henno_predictions_total", "Predictions by label", ["label"],
                                   registry=registry)
        self.flagged = Counter("henno_predictions_flagged_total",
                               "Predictions flagged for review (their share of "
                               "henno_predictions_total shows drift)", registry=registry)
        self.file_rows = Counter("henno_file_rows_total", "Rows of form files labelled",
                                 registry=registry)
        # max over live workers: a version is served (1) while any worker serves it.
        self.model_info = Gauge("henno_model_info", "The model version being served",
                                ["version"], registry=registry, multiprocess_mode="livemax")
        self._version: str | None = None
        if self.shared_folder is None:
            ProcessCollector(registry=registry)

    def set_model(self, version: str) -> None:
        # Set the old version to 0 rather than clear(): a worker's file keeps cleared values.
        if self._version is not None and self._version != version:
            self.model_info.labels(version=self._version).set(0)
        self.model_info.labels(version=version).set(1)
        self._version = version

    def observe_request(self, route: str, status: int, seconds: float,
                        fields: dict[str, Any]) -> None:
        self.requests.labels(route=route, status=str(status)).inc()
        self.latency.labels(route=route).observe(seconds)
        for label, count in fields.get("labels", {}).items():
            self.predictions.labels(label=label).inc(count)
        if "label" in fields:
            self.predictions.labels(label=fields["label"]).inc()
        self.flagged.inc(fields.get("flagged", 0))
        self.file_rows.inc(fields.get("rows", 0))

    def close(self) -> None:
        """At a worker's exit: its gauges stop counting (its counters keep adding up)."""
        if self.shared_folder is not None:
            mark_process_dead(os.getpid(), str(self.shared_folder))  # type: ignore[no-untyped-call]

    def exposition(self) -> bytes:
        """The text format: this process's metrics, or the sum over every worker."""
        if self.shared_folder is None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, str(self.shared_folder))  # type: ignore[no-untyped-call]
        registry.register(WorkerProcesses(self.shared_folder))
        return generate_latest(registry)
