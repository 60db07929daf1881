"""What every page shares: the UI state, the session, rendering, login and CSRF checks."""

import hmac
import logging
from datetime import timedelta
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from model.classifier import Classifier
from model.errors import HennoError
from model.labels import LABEL_JA, LABELS
from model.settings import Settings
from review.store import ReviewStore
from service.holder import ModelHolder
from service.observability import Metrics
from service.ui.jobs import FileJobs
from service.ui.retrain import Retrainer
from service.ui.sessions import Session, SessionCodec, csrf_ok, load_key

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
# No inline script; inline styles and data: images only where a page needs them (the report).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


@dataclass
class UiState:
    settings: Settings
    holder: ModelHolder
    metrics: Metrics
    codec: SessionCodec
    jobs: FileJobs
    retrainer: Retrainer
    templates: Jinja2Templates
    store: ReviewStore | None = None
    store_error: str = field(default="")

    @classmethod
    def build(cls, settings: Settings, holder: ModelHolder, metrics: Metrics) -> "UiState":
        templates = Jinja2Templates(directory=TEMPLATES)
        templates.env.globals.update(LABELS=LABELS, LABEL_JA=LABEL_JA)

        def on_loaded(classifier: Classifier) -> None:
            metrics.set_model(classifier.version)

        return cls(settings, holder, metrics, SessionCodec(load_key(settings.state_dir)),
                   FileJobs(settings.state_dir / "jobs", settings.max_upload_bytes),
                   Retrainer(settings, holder, on_loaded), templates)

    def on_model_loaded(self, classifier: Classifier) -> None:
        self.metrics.set_model(classifier.version)

    def open_store(self) -> None:
        """Open (and migrate) the review store; items past the retention period are deleted."""
        try:
            self.store = ReviewStore.open(self.settings.review_database_url())
            self.store.purge(timedelta(days=self.settings.review_retention_days))
        except Exception as exc:  # the rest of the page and the API still work
            self.store_error = "確認データベースを開けません"
            logger.error("review store unavailable", extra={"error_type": type(exc).__name__})

    def close(self) -> None:
        self.jobs.close()
        if self.store is not None:
            self.store.close()


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

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        context.update(session=self.session, token_required=self.ui.settings.ui_token is not None,
                       pending=self.pending_count())
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
        if origin and urlsplit(origin).netloc != self.request.headers.get("host", ""):
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
        if not hmac.compare_digest(token.strip().encode(), expected.get_secret_value().encode()):
            raise PageError(403, "管理トークンが違います")


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


def install_page_errors(app: FastAPI) -> None:
    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        current = await open_page(request)
        return current.render("error.html", status=exc.status, message=str(exc))

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.method != "GET":
            current = await open_page(request)
            return current.render("error.html", status=401, message="ログインしてください")
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(LoginRequired, login_required)
