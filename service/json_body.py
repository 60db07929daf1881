"""JSON request bodies read within fixed bounds, so that a hostile body costs the event loop
almost nothing.

FastAPI parses and validates a declared body on the event loop, and pydantic builds one error
per bad item: `{"texts": [1, 1, …]}` (2 MB) held the loop for seconds. Routes here take the
raw bytes instead. Before anything is parsed, the count of `,` and `:` bytes bounds how many
JSON values the body can hold (each value past the first needs one; a text's own commas are
counted in its characters); lists and unknown keys are refused by their size, and only the
first validation error is reported.
"""

import json
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from henno.service.errors import ServiceError

Model = TypeVar("Model", bound=BaseModel)
# Room for the JSON punctuation around the values a request may hold.
STRUCTURE_SLACK = 16


def refuse_invalid_json() -> ServiceError:
    return ServiceError(400, "invalid_json", "the request body is not valid JSON")


async def read_bounded(request: Request, max_values: int) -> bytes:
    """The body, refused unread-into-objects when it could hold more than `max_values`."""
    raw = await request.body()
    if raw.count(b",") + raw.count(b":") > max_values + STRUCTURE_SLACK:
        raise ServiceError(422, "invalid_input",
                           "the request body holds more JSON values than a request may")
    return raw


def parse(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    # Deep nesting raises RecursionError, a 5,000-digit number and bad UTF-8 ValueError.
    except (ValueError, RecursionError) as exc:
        raise refuse_invalid_json() from exc


def validate(data: Any, model: type[Model]) -> Model:
    """`data` as `model`, refusing on the first unknown key or error (never a list of all)."""
    if not isinstance(data, dict):
        raise ServiceError(422, "invalid_input",
                           "Input should be a valid dictionary or object to extract fields from")
    if model.model_config.get("extra") == "forbid":
        unknown = next((key for key in data if key not in model.model_fields), None)
        if unknown is not None:
            raise ServiceError(422, "invalid_input", f"{unknown}: Extra inputs are not permitted")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        # pydantic echoes the offending input in its errors; only the field and reason go out.
        where = ".".join(str(part) for part in first["loc"])
        message = f"{where}: {first['msg']}" if where else first["msg"]
        raise ServiceError(422, "invalid_input", message) from exc


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The `openapi_extra` that documents a raw-bytes route's body as `model`."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": model.model_json_schema()}}}}
