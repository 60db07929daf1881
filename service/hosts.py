"""The Host header allow-list: the guard against DNS rebinding.

A page on attacker.example whose name is rebound to this machine's address reaches the
service with `Host: attacker.example` and a matching Origin, so the Origin check alone lets
it post and read. Only Host names the service is known by are answered: the loopback names,
the host of HENNO_PUBLIC_ORIGIN, HENNO_ALLOWED_HOSTS, and the IP address the connection came
in on (an address is never a rebound name: `henno serve --host 0.0.0.0` reached by IP works).
"""

import ipaddress
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from henno.settings import Settings

logger = logging.getLogger(__name__)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(header: str) -> str:
    """The name in a Host header, lowercased, without port, brackets or a final dot."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0].rstrip(".") if ":" in header else header.rstrip(".")


def allowed_hosts(settings: Settings) -> frozenset[str]:
    configured = {host_name(name) for name in settings.allowed_hosts.split(",") if name.strip()}
    if settings.public_origin:
        configured.add(host_name(urlsplit(settings.public_origin).netloc))
    return LOOPBACK_NAMES | configured


def from_this_site(origin: str | None, host_header: str, settings: Settings) -> bool:
    """Whether an Origin header names this service: HENNO_PUBLIC_ORIGIN's host behind a proxy
    that rewrites Host, else the Host the request was sent to."""
    if origin is None:
        return False
    public = settings.public_origin
    expected = urlsplit(public).netloc if public else host_header
    return urlsplit(origin).netloc == expected


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostGuard:
    """400 for a request whose Host is not allowed; `refuse` makes the answer for a path
    (JSON for the API, a Japanese page for the web page)."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str],
                 refuse: Callable[[str], Response]):
        self.app = app
        self.allowed = allowed
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._allowed(scope):
            logger.warning("request refused: its Host is not in HENNO_ALLOWED_HOSTS",
                           extra={"route": scope["path"][:200]})
            await self.refuse(scope["path"])(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _allowed(self, scope: Scope) -> bool:
        header = dict(scope["headers"]).get(b"host")
        if header is None:  # HTTP/1.0 without Host: no browser, so no rebinding
            return True
        name = host_name(header.decode("latin-1"))
        if name in self.allowed:
            return True
        server = scope.get("server")
        return server is not None and _is_address(name) and name == str(server[0]).lower()
