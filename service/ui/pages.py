"""What every page shares: the UI state, the session, rendering, login and CSRF checks."""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from henno.model.errors import HennoError
from henno.review.store import ReviewStore
from henno.service.deps import token_matches
from henno.service.ui.sessions import Session, csrf_ok
from henno.service.ui.state import UiState

# No inline script; inline styles and data: images only where a page needs them (the report).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class PageError(Exception):
    """A refusal shown to the clerk as a page, with a 4xx status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = next_path


@dataclass
class Page:
    request: Request
    ui: UiState
    session: Session

    def render(self, template: str, status: int = 200, with_counts: bool = True,
               **context: Any) -> Response:
        """The page; `with_counts` asks the review store how many items wait (call it from a
        thread-pool route: the database may be slow)."""
        context.update(session=self.session, token_required=self.ui.settings.ui_token is not None,
                       pending=self.pending_count() if with_counts else None,
                       max_upload_bytes=self.ui.settings.max_upload_bytes)
        response = self.ui.templates.TemplateResponse(self.request, template, context,
                                                      status_code=status)
        return self.finish(response)

    def redirect(self, url: str) -> Response:
        return self.finish(RedirectResponse(url, status_code=303))

    def finish(self, response: Response) -> Response:
        self.ui.codec.attach(response, self.session)
        response.headers.setdefault("content-security-policy", CSP)
        response.headers["cache-control"] = "no-store"
        response.headers["x-content-type-options"] = "nosniff"
        response.headers["referrer-policy"] = "same-origin"
        return response

    def pending_count(self) -> int | None:
        if self.ui.store is None:
            return None
        try:
            return self.ui.store.counts().pending
        except HennoError:
            return None

    def check_csrf(self, given: str | None) -> None:
        """State-changing requests carry the session's token and come from this site."""
        origin = self.request.headers.get("origin")
        public = self.ui.settings.public_origin  # behind a proxy that rewrites Host
        expected = urlsplit(public).netloc if public else self.request.headers.get("host", "")
        if origin and urlsplit(origin).netloc != expected:
            raise PageError(403, "別のサイトからの送信は受け付けません")
        if not csrf_ok(self.session, given):
            raise PageError(403, "ページの有効期限が切れました。ページを開き直してください")

    def store(self) -> ReviewStore:
        if self.ui.store is None:
            raise PageError(503, self.ui.store_error or "確認データベースを開けません")
        return self.ui.store

    def check_admin(self, token: str) -> None:
        expected = self.ui.settings.admin_token
        if expected is None:
            raise PageError(403, "管理操作は無効です（HENNO_ADMIN_TOKEN が未設定）")
        if not token_matches(token, expected):
            raise PageError(403, "管理トークンが違います")


def reviewer_name(typed: str) -> str:
    """A clerk's name as recorded with each decision: spaces folded, at most 64 characters."""
    return " ".join(typed.split())[:64]


def _ui(request: Request) -> UiState:
    ui: UiState = request.app.state.ui
    return ui


async def open_page(request: Request) -> Page:
    """A page anyone may open (the login page)."""
    ui = _ui(request)
    return Page(request, ui, ui.codec.load(request))


async def page(request: Request) -> Page:
    """A page behind the UI token, when one is set."""
    current = await open_page(request)
    if current.ui.settings.ui_token is not None and not current.session.authed:
        raise LoginRequired(request.url.path)
    return current


PageDep = Annotated[Page, Depends(page)]
OpenPageDep = Annotated[Page, Depends(open_page)]
