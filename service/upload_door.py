"""Credentials are checked before a /v1/ body is read.

FastAPI reads and parses a request's body (a multipart upload is spooled to disk) before it
runs the route's dependencies, so without this a stranger's 20 MB form file would be read in
full before the 401. The visit found here is kept on the request; the route's own dependencies
reuse it and still decide the role the route needs.
"""

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from henno.model.errors import HennoError
from henno.service.deps import current_user, get_visit, require_clerk
from henno.service.errors import henno_error_response


class UploadDoor:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] == "POST"
                and scope["path"].startswith("/v1/")):
            request = Request(scope)
            try:
                await require_clerk(await current_user(await get_visit(request)))
            except HennoError as exc:
                await henno_error_response(request, exc)(scope, receive, send)
                return
        await self.app(scope, receive, send)
