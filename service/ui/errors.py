"""Errors on the web page's routes are pages in Japanese; the API keeps its JSON errors."""

import inspect
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from model.errors import HennoError
from service.ui.pages import LoginRequired, PageError, open_page

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
    503: "一時的に利用できません。しばらくしてからやり直してください",
}
Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


async def error_page(request: Request, status: int, message: str) -> Response:
    page = await open_page(request)
    return page.render("error.html", status=status, message=message)


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


def install_page_errors(app: FastAPI) -> None:
    """After the API's handlers are installed: wrap them, and add the page-only ones."""
    for kind in (HennoError, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(kind, _as_page(app.exception_handlers[kind]))

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return await error_page(request, exc.status, str(exc))

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.method != "GET":
            return await error_page(request, 401, MESSAGES[401])
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(LoginRequired, login_required)
