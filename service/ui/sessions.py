"""Signed session cookies for the web page: who is reviewing, whether the UI token was given,
and the CSRF token every state-changing request must carry back.

The cookie is the session (no server-side table): base64url JSON and an HMAC-SHA256 of it,
keyed by a random secret kept in the state folder, so every worker process accepts it.
"""

import base64
import binascii
import contextlib
import hmac
import json
import os
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from hashlib import sha256
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from henno.model.errors import HennoError

COOKIE = "henno_session"
MAX_AGE_SECONDS = 12 * 3600
KEY_FILE = "session.key"
KEY_BYTES = 32


def _new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Session:
    sid: str = field(default_factory=_new_token)
    csrf: str = field(default_factory=_new_token)
    authed: bool = False
    reviewer: str = ""
    issued: int = field(default_factory=lambda: int(time.time()))

    def logged_in(self, reviewer: str) -> "Session":
        """A fresh id and CSRF token at login, so a token planted before it is worthless."""
        return Session(authed=True, reviewer=reviewer)

    def with_reviewer(self, reviewer: str) -> "Session":
        return replace(self, reviewer=reviewer)


def load_key(state_dir: Path, ui_token: str = "") -> bytes:
    """The signing key: a random secret created once (mode 0600) in the state folder, mixed
    with the UI token so that changing the token ends every session."""
    path = state_dir / KEY_FILE
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Written whole under a private name, then linked into place: a worker starting at
        # the same moment sees either no key or the whole key, never an empty file.
        descriptor, partial = tempfile.mkstemp(dir=state_dir, prefix=".session-key-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another worker was first
                os.link(partial, path)
        finally:
            os.unlink(partial)
    secret = path.read_bytes()
    if len(secret) != KEY_BYTES:
        raise HennoError(f"{path} is not a session key ({len(secret)} bytes); delete it and "
                         "restart to make a new one")
    return hmac.new(secret, ui_token.encode(), sha256).digest()


class SessionCodec:
    def __init__(self, key: bytes, max_age: int = MAX_AGE_SECONDS, secure: bool = False):
        self._key = key
        self.max_age = max_age
        self.secure = secure

    def _sign(self, payload: bytes) -> bytes:
        return base64.urlsafe_b64encode(hmac.new(self._key, payload, sha256).digest())

    def encode(self, session: Session) -> str:
        payload = base64.urlsafe_b64encode(json.dumps(asdict(session)).encode())
        return f"{payload.decode()}.{self._sign(payload).decode()}"

    def decode(self, value: str) -> Session | None:
        payload, _, signature = (_bytes(part) for part in value.partition("."))
        if not hmac.compare_digest(self._sign(payload), signature):
            return None
        try:
            session = Session(**json.loads(base64.urlsafe_b64decode(payload)))
        except (ValueError, TypeError, binascii.Error):
            return None
        if time.time() - session.issued > self.max_age:
            return None
        return session

    def load(self, request: Request) -> Session:
        """The request's session, or a new anonymous one."""
        value = request.cookies.get(COOKIE)
        return (self.decode(value) if value else None) or Session()

    def attach(self, response: Response, session: Session) -> None:
        response.set_cookie(COOKIE, self.encode(session), max_age=self.max_age, path="/",
                            httponly=True, samesite="strict", secure=self.secure)

    @staticmethod
    def clear(response: Response) -> None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def _bytes(text: str) -> bytes:
    """Text a client sent, as bytes for hmac.compare_digest (which refuses non-ASCII str);
    a lone surrogate is kept, so it simply does not match."""
    return text.encode("utf-8", "surrogatepass")


def csrf_ok(session: Session, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(_bytes(session.csrf), _bytes(given or ""))
