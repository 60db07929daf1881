"""What every page shares: the UI state, the session, rendering, login and CSRF checks."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from henno.accounts import Principal, Role
from henno.model.errors import HennoError
from henno.review.store import ReviewStore
from henno.service.access import Access, Visit
from henno.service.cookies import SessionCookies, csrf_ok, new_csrf_token
from henno.service.deps import AdminDep, ClerkDep, VisitDep
from henno.service.hosts import from_this_site
from henno.service.ui.state import UiState

# No inline script; inline styles and data: images only where a page needs them (the report).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


ADMIN_ONLY_PAGE = "このページは管理者だけが使えます"
ADMIN_ONLY_ACTION = "この操作は管理者だけが行えます"


class PageError(Exception):
    """A refusal shown to the clerk as a page, with a 4xx status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Visitor:
    """What a page knows of who asks: the CSRF token its forms carry, the principal (None on
    the login page before login) and the page session's id, if any."""

    csrf: str
    principal: Principal | None = None
    session_id: str | None = None
    new_anonymous_csrf: bool = False  # the token is new: the response sets its cookie


@dataclass
class Page:
    request: Request
    ui: UiState
    session: Visitor

    @property
    def principal(self) -> Principal:
        """Who acts, on a page behind `PageDep` or `AdminPageDep`."""
        assert self.session.principal is not None, "an open page has no principal"
        return self.session.principal

    @property
    def access(self) -> Access:
        access: Access = self.request.app.state.service.access
        return access

    @property
    def cookies(self) -> SessionCookies:
        cookies: SessionCookies = self.request.app.state.service.cookies
        return cookies

    def render(self, template: str, status: int = 200, with_counts: bool = True,
               **context: Any) -> Response:
        """The page; `with_counts` asks the review store how many items wait (call it from a
        thread-pool route: the database may be slow)."""
        principal = self.session.principal
        context.update(session=self.session, principal=principal,
                       runs_open=principal is not None and principal.kind == "open",
                       is_admin=principal is not None and principal.allows(Role.ADMIN),
                       pending=self.pending_count() if with_counts else None,
                       max_upload_bytes=self.ui.settings.max_upload_bytes)
        response = self.ui.templates.TemplateResponse(self.request, template, context,
                                                      status_code=status)
        return self.finish(response)

    def redirect(self, url: str) -> Response:
        return self.finish(RedirectResponse(url, status_code=303))

    def finish(self, response: Response) -> Response:
        if self.session.new_anonymous_csrf:
            self.cookies.attach_anonymous_csrf(response, self.session.csrf)
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
        host = self.request.headers.get("host", "")
        if origin and not from_this_site(origin, host, self.ui.settings):
            raise PageError(403, "別のサイトからの送信は受け付けません")
        if not csrf_ok(self.session.csrf, given):
            raise PageError(403, "ページの有効期限が切れました。ページを開き直してください")

    def store(self) -> ReviewStore:
        if self.ui.store is None:
            raise PageError(503, self.ui.store_error or "確認データベースを開けません")
        return self.ui.store


def _ui(request: Request) -> UiState:
    ui: UiState = request.app.state.ui
    return ui


def _visitor(request: Request, visit: Visit | None) -> Visitor:
    if visit is not None and visit.session is not None:
        return Visitor(visit.session.csrf, visit.principal, visit.session.id)
    principal = visit.principal if visit is not None else None
    cookies: SessionCookies = request.app.state.service.cookies
    token = cookies.anonymous_csrf(request)
    if token is not None:
        return Visitor(token, principal)
    return Visitor(new_csrf_token(), principal, new_anonymous_csrf=True)


async def open_page(request: Request) -> Page:
    """A page anyone may open (error pages): who asks only as far as this request already
    looked it up; an error page never waits for the database."""
    return Page(request, _ui(request), _visitor(request, getattr(request.state, "visit", None)))


async def login_page(request: Request, visit: VisitDep) -> Page:
    """The login page: open to all, knowing whether someone is logged in already."""
    return Page(request, _ui(request), _visitor(request, visit))


async def page(request: Request, visit: VisitDep, user: ClerkDep) -> Page:
    """A page for clerks and admins."""
    return Page(request, _ui(request), _visitor(request, visit))


async def _admins_only_in_words(request: Request, user: ClerkDep) -> None:
    if not user.allows(Role.ADMIN):
        raise PageError(403, ADMIN_ONLY_PAGE if request.method == "GET" else ADMIN_ONLY_ACTION)


async def admin_page(request: Request, visit: VisitDep,
                     _: Annotated[None, Depends(_admins_only_in_words)], user: AdminDep) -> Page:
    """A page (or a form's POST) for admins only. FastAPI solves dependencies in order: a
    clerk is told why in words before AdminDep's bare 403, which stays as the marker the
    security tests find admin routes by."""
    return Page(request, _ui(request), _visitor(request, visit))


PageDep = Annotated[Page, Depends(page)]
AdminPageDep = Annotated[Page, Depends(admin_page)]
LoginPageDep = Annotated[Page, Depends(login_page)]
OpenPageDep = Annotated[Page, Depends(open_page)]
