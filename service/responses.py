"""A JSON response serialised by orjson: routes hand it plain dicts they built themselves."""

from typing import Any

import orjson
from starlette.responses import Response


class JsonBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
