"""Refusing request bodies over the size limit without reading them whole into memory."""

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from henno.service.errors import error_response


def one_text_bytes(max_chars: int) -> int:
    """The largest body one text of `max_chars` needs: 12 bytes a character when a client
    escapes non-BMP characters as surrogate pairs (`\\ud83d\\ude00`), plus room for options."""
    return 12 * max_chars + 4096


def json_refusal(path: str, limit: int) -> Response:
    return error_response(413, "payload_too_large", _message(limit))


class BodySizeLimit:
    """413 at once when Content-Length is too large; otherwise stop reading past the limit.
    `refuse` makes the 413 answer for a path (JSON for the API, a page for the web page)."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int],
                 refuse: Callable[[str, int], Response] = json_refusal):
        self.app = app
        self.limit_for = limit_for
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = self.refuse(scope["path"], limit)
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                # FastAPI passes HTTPException raised while reading the body through as is.
                raise HTTPException(413, _message(limit))
            return message

        await self.app(scope, counting_receive, send)


def _message(limit: int) -> str:
    return f"the request body is larger than the limit of {limit} bytes"
