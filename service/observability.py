"""Structured JSON logs and the request metrics of every request; never the reason text."""

import itertools
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from henno.service.log_format import LOG_FIELDS, JsonFormatter
from henno.service.metrics import Metrics

__all__ = ["LOG_FIELDS", "JsonFormatter", "Metrics", "ObservabilityMiddleware",
           "RequestIdFilter", "configure_logging", "log_fields"]

logger = logging.getLogger("henno.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The id of the request being served; each request runs in its own asyncio task (its own
# copy of the context), and the thread pool runs routes in a copy of it too.
current_request_id: ContextVar[str | None] = ContextVar("henno_request_id", default=None)


class RequestIdFilter(logging.Filter):
    """Stamps the id of the request being served on every record logged while it runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


def configure_logging(level: str) -> None:
    """One JSON object per line on stderr, for the whole process."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # ours logs each request instead
    # Alembic tells at INFO which database it talks to each time the review store opens.
    logging.getLogger("alembic").setLevel(logging.WARNING)


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
        # Not reset on the way out: Starlette logs an unhandled error outside this
        # middleware, still in this request's task, and that line needs the id too.
        current_request_id.set(request_id)
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
        fields = log_fields(scope)
        self.metrics.observe_request(route, status, seconds, fields)
        logger.info("request", extra={"route": route, "method": scope["method"], "status": status,
                                      "latency_ms": round(seconds * 1000, 3),
                                      "request_id": request_id, **fields})

