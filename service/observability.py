"""Structured JSON logs and Prometheus metrics for every request; never the reason text."""

import itertools
import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("henno.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Fields a log record may carry besides the message; anything else is dropped, so a stray
# `extra=` can never leak a reason text into the logs.
LOG_FIELDS = ("route", "method", "status", "latency_ms", "request_id", "label", "labels",
              "text_length", "texts", "rows", "model_version", "previous_version", "error_code")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in LOG_FIELDS if hasattr(record, k)})
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str) -> None:
    """One JSON object per line on stderr, for the whole process."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # ours logs each request instead
    # Alembic tells at INFO which database it talks to each time the review store opens.
    logging.getLogger("alembic").setLevel(logging.WARNING)


class Metrics:
    """The app's own registry, so several apps in one process never share counters."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("henno_requests_total", "HTTP requests", ["route", "status"],
                                registry=self.registry)
        self.latency = Histogram("henno_request_seconds", "Request latency", ["route"],
                                 buckets=(0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                          0.5, 1, 2.5, 5, 10), registry=self.registry)
        self.predictions = Counter("henno_predictions_total", "Predictions by label", ["label"],
                                   registry=self.registry)
        self.model_info = Gauge("henno_model_info", "The model version being served",
                                ["version"], registry=self.registry)

    def set_model(self, version: str) -> None:
        self.model_info.clear()
        self.model_info.labels(version=version).set(1)


def log_fields(scope: Scope) -> dict[str, Any]:
    """Per-request fields routes add (label, text length...), kept in the request state."""
    state = scope.setdefault("state", {})
    fields: dict[str, Any] = state.setdefault("log_fields", {})
    return fields


class ObservabilityMiddleware:
    """Request id, one access log line and the request metrics, as plain ASGI (cheap)."""

    def __init__(self, app: ASGIApp, metrics: Metrics):
        self.app = app
        self.metrics = metrics
        # A random per-process prefix and a counter: unique without a syscall per request.
        self._prefix = uuid.uuid4().hex[:12]
        self._counter = itertools.count(1)

    def _next_id(self) -> str:
        return f"{self._prefix}-{next(self._counter)}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else self._next_id()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, status, time.perf_counter() - started, request_id)

    def _record(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        self.metrics.requests.labels(route=route, status=str(status)).inc()
        self.metrics.latency.labels(route=route).observe(seconds)
        fields = log_fields(scope)
        for label in fields.get("labels", {}):
            self.metrics.predictions.labels(label=label).inc(fields["labels"][label])
        if "label" in fields:
            self.metrics.predictions.labels(label=fields["label"]).inc()
        logger.info("request", extra={"route": route, "method": scope["method"], "status": status,
                                      "latency_ms": round(seconds * 1000, 3),
                                      "request_id": request_id, **fields})
