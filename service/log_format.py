"""One JSON object per log line: allow-listed fields only, UTC times, no exception text."""

import json
import logging
import time
import traceback
from typing import Any

# The privacy allow-list: fields a log record may carry besides the message. None of them
# can hold a reason text; anything else is dropped, so a stray `extra=` never leaks one.
LOG_FIELDS = ("route", "method", "status", "latency_ms", "request_id", "label", "labels",
              "flagged", "text_length", "texts", "rows", "model_version", "previous_version",
              "error_code", "error_type", "db_code", "finder_format")


def utc_time(record: logging.LogRecord) -> str:
    """ISO 8601 in UTC with milliseconds, e.g. 2026-05-28T20:26:40.500Z."""
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


def traceback_frames(tb: Any) -> list[str]:
    """Where an exception passed, as `file:line in function`: no message, no locals."""
    return [f"{frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(tb)]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in LOG_FIELDS if hasattr(record, k)})
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's message may quote a reason text: its type and frames only.
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = traceback_frames(record.exc_info[2])
        return json.dumps(entry, ensure_ascii=False, default=str)
