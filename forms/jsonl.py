"""JSON Lines form files: one JSON object per line, its keys the columns of the first one.

A line that is not a readable JSON object (broken, an array, a number of 5,000 digits, 100,000
nested brackets) is a row like any other, kept whole under INVALID_LINE and flagged; only the
first line, which gives the columns, must be an object.
"""

import json
from collections.abc import Iterator
from typing import IO, Any

from henno.forms.source import Limits, Source, size_of, too_many_columns, too_many_rows
from henno.model.errors import FormFileError

INVALID_LINE = "#invalid_line"  # key holding a JSON Lines line that is not a JSON object


def open_jsonl(handle: IO[bytes], lines: Iterator[str], encoding: str,
                limits: Limits) -> Source:
    first = _json_object(next(lines, ""))
    if first is None:
        raise FormFileError("the first line is not a JSON object", code="not_tabular")
    if len(first) > limits.max_columns:
        raise too_many_columns(limits.max_columns)

    def rows() -> Iterator[dict[str, Any]]:
        yield first
        produced = 1
        for line in lines:
            if not line.strip():
                continue
            produced += 1
            if produced > limits.max_rows:
                raise too_many_rows(limits.max_rows)
            value = _json_object(line)
            yield value if value is not None else {INVALID_LINE: line.rstrip("\r\n")}

    return Source(list(first), "jsonl", encoding, rows(), handle, size_of(handle))


def _json_object(line: str) -> dict[str, Any] | None:
    """The line's JSON object, or None: not JSON, not an object, a number of thousands of
    digits (ValueError) or nesting too deep for the parser (RecursionError)."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
