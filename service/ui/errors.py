"""Errors on the web page's routes are pages in Japanese; the API keeps its JSON errors."""

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from henno.model.errors import HennoError
from henno.service.access import NotLoggedIn
from henno.service.ui.pages import PageError, open_page

API_PATHS = ("/v1/", "/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json")
MESSAGES = {
    400: "送信された内容を読み取れませんでした",
    401: "ログインしてください",
    403: "この操作は許可されていません",
    404: "ページが見つかりません",
    405: "この操作はできません",
    409: "今はこの操作ができません",
    413: "ファイルが大きすぎます",
    415: "この形式は受け付けていません",
    422: "入力内容を確認してください",
    500: "内部エラーが発生しました。もう一度お試しください",
    503: "一時的に利用できません。しばらくしてからやり直してください",
}
Handler = Callable[[Request, Exception], Response | Awaitable[Response]]
# Pages answered before the app is reached (no session, no request state): a bare template.
_PLAIN = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                     autoescape=True).get_template("plain.html")


async def error_page(request: Request, status: int, message: str) -> Response:
    page = await open_page(request)
    # No count of the review queue here: an error page must not wait for the database.
    return page.render("error.html", status=status, message=message, with_counts=False)


def _as_page(api_handler: Handler) -> Handler:
    """The API's handler decides the status; a page route shows it as a page."""

    async def handler(request: Request, exc: Exception) -> Response:
        response = api_handler(request, exc)
        if inspect.isawaitable(response):
            response = await response
        if request.url.path.startswith(API_PATHS):
            return response
        status = response.status_code
        return await error_page(request, status, MESSAGES.get(status, MESSAGES[400]))

    return handler


def plain_page(status: int, title: str, message: str, back: dict[str, str] | None = None,
               ) -> Response:
    body = _PLAIN.render(title=title, message=message, back=back)
    return HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})


def too_large_page(limit: int) -> Response:
    """The 413 of an upload refused before it is read: a page, built without the session."""
    return plain_page(413, "ファイルが大きすぎます",
                      f"{limit / 2**20:.1f} MB までのファイルを選んでください。",
                      {"href": "/files", "text": "ファイルを判定に戻る"})


def wrong_host_page() -> Response:
    """A request whose Host is not allowed (DNS rebinding, or a name not configured)."""
    return plain_page(400, "このアドレスでは利用できません",
                      "このアドレスでは利用できません。管理者から案内されたアドレスで開いてください"
                      "（管理者の方へ: HENNO_ALLOWED_HOSTS に名前を加えられます）。")


def install_page_errors(app: FastAPI) -> None:
    """After the API's handlers are installed: wrap them, and add the page-only ones."""
    for kind in (HennoError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, _as_page(app.exception_handlers[kind]))
    api_refusal = app.exception_handlers[HennoError]

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return await error_page(request, exc.status, str(exc))

    async def not_logged_in(request: Request, exc: Exception) -> Response:
        """The API answers 401 JSON; a page asks to log in (a form's POST cannot be
        replayed after login, so it gets a page saying so)."""
        if request.url.path.startswith(API_PATHS):
            return await _awaited(api_refusal(request, exc))
        if request.method != "GET":
            return await error_page(request, 401, MESSAGES[401])
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(NotLoggedIn, not_logged_in)


async def _awaited(response: Response | Awaitable[Response]) -> Response:
    return await response if inspect.isawaitable(response) else response
