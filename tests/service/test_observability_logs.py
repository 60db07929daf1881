"""The JSON log line: every `extra=` field on the allow-list reaches it, UTC times with
milliseconds, the request id on every line of a request, tracebacks of 500s without text."""

import ast
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.app import create_app
from henno.service.observability import (
    LOG_FIELDS,
    JsonFormatter,
    RequestIdFilter,
    configure_logging,
)
from tests.service.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cli", "forms", "labelling", "maintenance", "model", "review", "service", "training")
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
SECRET = "佐藤花子 090-0000-0000 転居のため"


def _extra_keys(call: ast.Call) -> Iterator[str]:
    for keyword in call.keywords:
        if keyword.arg != "extra":
            continue
        assert isinstance(keyword.value, ast.Dict), ast.unparse(call)  # keys must be visible
        for key in keyword.value.keys:
            if key is not None:  # `**fields`: the log_fields() keys, collected below
                assert isinstance(key, ast.Constant), ast.unparse(call)
                yield str(key.value)


def _log_field_keys(call: ast.Call) -> Iterator[str]:
    # log_fields(scope).update(label=..., rows=...): fields of the access line
    func = call.func
    if (isinstance(func, ast.Attribute) and func.attr == "update"
            and isinstance(func.value, ast.Call)
            and getattr(func.value.func, "id", None) == "log_fields"):
        yield from (keyword.arg for keyword in call.keywords if keyword.arg)


def logged_keys() -> set[str]:
    keys: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    if getattr(node.func, "attr", None) in LOG_METHODS:
                        keys.update(_extra_keys(node))
                    keys.update(_log_field_keys(node))
    return keys


KEYS = sorted(logged_keys())


def line_of(record: logging.LogRecord) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(JsonFormatter().format(record))
    return loaded


def test_the_scan_finds_the_fields_logged_today() -> None:
    assert {"error_type", "error_code", "route", "request_id", "label", "flagged"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_every_logged_field_is_allowed_and_reaches_the_line(key: str) -> None:
    assert key in LOG_FIELDS  # the privacy allow-list: fields that never hold reason text
    record = logging.makeLogRecord({"msg": "event", key: "value-7"})
    assert line_of(record)[key] == "value-7"


def test_a_field_off_the_allow_list_is_dropped() -> None:
    record = logging.makeLogRecord({"msg": "event", "text": SECRET})
    assert "text" not in line_of(record)


@pytest.mark.parametrize(("created", "expected"), [
    (0.0, "1970-01-01T00:00:00.000Z"),
    (1_780_000_000.5, "2026-05-28T20:26:40.500Z"),
    (1_780_000_000.0071, "2026-05-28T20:26:40.007Z"),
])
def test_time_is_utc_iso_8601_with_milliseconds(created: float, expected: str) -> None:
    record = logging.makeLogRecord({"msg": "event", "created": created,
                                    "msecs": (created - int(created)) * 1000})
    assert line_of(record)["time"] == expected


def test_configure_logging_stamps_the_request_id() -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO")
        assert any(isinstance(f, RequestIdFilter) for f in root.handlers[0].filters)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


@pytest.fixture
def failing_client(service_models: Path, caplog: pytest.LogCaptureFixture
                   ) -> Iterator[TestClient]:
    app = create_app(make_settings(service_models))

    @app.get("/v1/boom")
    def boom() -> None:
        logging.getLogger("henno.test").warning("about to fail")
        raise RuntimeError(SECRET)

    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_every_line_of_a_request_carries_its_id(failing_client: TestClient,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    response = failing_client.get("/v1/boom", headers={"x-request-id": "req-77"})
    assert response.status_code == 500
    lines = {record.getMessage(): line_of(record) for record in caplog.records}
    for message in ("about to fail", "unhandled error", "request"):
        assert lines[message]["request_id"] == "req-77", message


def test_a_500_logs_type_and_frames_never_the_message(failing_client: TestClient,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    failing_client.get("/v1/boom")
    [error] = [line_of(r) for r in caplog.records if r.getMessage() == "unhandled error"]
    assert error["exception"] == "RuntimeError"
    frames = error["traceback"]
    assert isinstance(frames, list) and frames[-1].endswith(" in boom")
    assert __file__ in frames[-1]
    logged = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "佐藤" not in logged and "090-0000" not in logged
