"""A stranger's upload is refused before its body is read: FastAPI parses a form body before a
route's dependencies run, so the door stands in front of it (service/upload_door.py)."""

from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest

from tests.security.door import CLERK, Door, door

__all__ = ["door"]  # the fixture
FILE_PATHS = ["/v1/label-file", "/v1/classify", "/v1/classify/batch"]


def asgi_post(door: Door, path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST a body that never ends straight to the app: its status and the chunks it read."""
    chunks_read, sent = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 40000),
             "server": ("127.0.0.1", 80),
             "headers": [(b"host", b"127.0.0.1"), (b"content-length", b"1000"),
                         (b"content-type", b"multipart/form-data; boundary=henno"), *headers]}
    # A loop of its own, in a thread: Playwright keeps one running in the main thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, door.client.app, scope, receive, send).result()
    return sent[0]["status"], chunks_read


@pytest.mark.parametrize("path", FILE_PATHS)
@pytest.mark.parametrize("credentials", ["none", "made-up key"])
def test_a_stranger_is_refused_before_the_body_is_read(door: Door, path: str,
                                                       credentials: str) -> None:
    headers = [] if credentials == "none" else [(b"authorization", b"Bearer henno_made_up")]
    assert asgi_post(door, path, headers) == (401, 0)


def test_a_clerk_s_upload_is_read(door: Door) -> None:
    key = door.as_clerk_key()["authorization"].encode()
    status, chunks_read = asgi_post(door, "/v1/label-file", [(b"authorization", key)])
    assert chunks_read > 0  # past the door: the body is read (and refused: it is no form)
    assert status != 401


def test_the_door_still_answers_in_words(door: Door) -> None:
    door.log_in(CLERK)
    door.log_out_of_the_client()
    response = door.client.post("/v1/label-file", files={"file": ("f.csv", b"a\n")})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"
