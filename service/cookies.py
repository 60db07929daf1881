"""The page's cookies. The session itself lives in the database (henno.accounts): its cookie
holds only the random session id, so logging out, disabling a user or resetting a password
ends it at once on every worker and every machine.

A browser without a session (the login form; every form while the service runs open) gets
its CSRF token in a second cookie, which the form's field must repeat (double submit): there
is no server-side session yet to keep it in.
"""

import hmac
import re
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "henno_session"
ANONYMOUS_COOKIE = "henno_csrf"
_ANONYMOUS_MAX_AGE = 12 * 3600
# What secrets.token_urlsafe(32) makes (43 characters); anything else is not worth a lookup.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class SessionCookies:
    secure: bool = False

    def session_id(self, request: Request) -> str | None:
        return _value(request, SESSION_COOKIE)

    def anonymous_csrf(self, request: Request) -> str | None:
        return _value(request, ANONYMOUS_COOKIE)

    def attach_session(self, response: Response, session_id: str) -> None:
        # No max-age: the browser drops it when it closes; the server ends it anyway after
        # the idle time and the absolute lifetime.
        response.set_cookie(SESSION_COOKIE, session_id, path="/", httponly=True,
                            samesite="strict", secure=self.secure)

    def attach_anonymous_csrf(self, response: Response, token: str) -> None:
        response.set_cookie(ANONYMOUS_COOKIE, token, max_age=_ANONYMOUS_MAX_AGE, path="/",
                            httponly=True, samesite="strict", secure=self.secure)

    def drop_anonymous_csrf(self, response: Response) -> None:
        response.delete_cookie(ANONYMOUS_COOKIE, path="/", httponly=True, samesite="strict",
                               secure=self.secure)

    def clear(self, response: Response) -> None:
        for name in (SESSION_COOKIE, ANONYMOUS_COOKIE):
            response.delete_cookie(name, path="/", httponly=True, samesite="strict",
                                   secure=self.secure)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def _value(request: Request, name: str) -> str | None:
    value = request.cookies.get(name, "")
    return value if _TOKEN.fullmatch(value) else None


def _bytes(text: str) -> bytes:
    """Text a client sent, as bytes for hmac.compare_digest (which refuses non-ASCII str);
    a lone surrogate is kept, so it simply does not match."""
    return text.encode("utf-8", "surrogatepass")


def csrf_ok(expected: str, given: str | None) -> bool:
    """The form's token against the session's (or the anonymous cookie's), in constant time;
    an empty one never matches."""
    return bool(expected) and bool(given) and hmac.compare_digest(_bytes(expected),
                                                                  _bytes(given or ""))
