"""Typed dependencies routes take: the service context (settings, model, batcher), and who
asks (`CurrentUser`, `ClerkDep`, `AdminDep`: a page session or an API key).

They are few and `async def` on purpose: FastAPI runs a plain `def` dependency in its thread
pool, and resolving each dependency costs about as much as a small prediction.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from henno.accounts import Principal, Role
from henno.model.classifier import Classifier
from henno.service.access import Access, NotLoggedIn, Visit, WrongRole
from henno.service.batcher import MicroBatcher
from henno.service.cookies import SessionCookies
from henno.service.errors import ServiceError
from henno.service.holder import ModelHolder
from henno.service.hosts import from_this_site
from henno.service.observability import Metrics
from henno.settings import Settings


@dataclass(frozen=True)
class Service:
    settings: Settings
    holder: ModelHolder
    metrics: Metrics
    batcher: MicroBatcher
    access: Access
    cookies: SessionCookies


@dataclass(frozen=True)
class Ready:
    """The service with the model a request will use from start to end."""

    service: Service
    classifier: Classifier


async def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


async def get_ready(request: Request) -> Ready:
    service: Service = request.app.state.service
    classifier = service.holder.classifier
    if classifier is None:
        raise ServiceError(503, "model_not_loaded",
                           "no model is loaded; train one with `henno train`, then reload")
    return Ready(service, classifier)


async def require_json(request: Request) -> None:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ServiceError(415, "unsupported_media_type",
                           "send the body as JSON with Content-Type: application/json")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def bearer_token(request: Request) -> str | None:
    """The key of `Authorization: Bearer …`, or None when the header names no bearer key."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


async def get_visit(request: Request) -> Visit:
    """The session of the page cookie or the principal of the bearer key; looked up once per
    request (in the thread pool: it asks the database) and kept for the error pages."""
    known: Visit | None = getattr(request.state, "visit", None)
    if known is not None:
        return known
    service: Service = request.app.state.service
    session_id = service.cookies.session_id(request)
    visit = await run_in_threadpool(service.access.identify, session_id, bearer_token(request))
    request.state.visit = visit
    if visit.session is not None and _cross_site_api_call(request, service.settings):
        raise ServiceError(403, "cross_site",
                           "an API request signed in by the page's cookie must come from "
                           "henno's own pages (Origin); programs send an API key")
    return visit


def _cross_site_api_call(request: Request, settings: Settings) -> bool:
    # SameSite=Strict does not stop a sibling host of the same site from posting with the
    # cookie; the page's forms carry a CSRF token, the API checks where the call comes from.
    if request.method in SAFE_METHODS or not request.url.path.startswith("/v1/"):
        return False
    return not from_this_site(request.headers.get("origin"), request.headers.get("host", ""),
                              settings)


async def current_user(visit: Annotated[Visit, Depends(get_visit)]) -> Principal:
    if visit.principal is None:
        raise NotLoggedIn()
    return visit.principal


async def require_clerk(user: Annotated[Principal, Depends(current_user)]) -> Principal:
    if not user.allows(Role.CLERK):
        raise WrongRole()
    return user


async def require_admin(user: Annotated[Principal, Depends(current_user)]) -> Principal:
    if not user.allows(Role.ADMIN):
        raise WrongRole()
    return user


async def require_metrics_access(request: Request) -> None:
    """/metrics: open with HENNO_METRICS_PUBLIC=true (a scraper inside the network), else
    for admins."""
    service: Service = request.app.state.service
    if not service.settings.metrics_public:
        await require_admin(await current_user(await get_visit(request)))


ServiceDep = Annotated[Service, Depends(get_service)]
ReadyDep = Annotated[Ready, Depends(get_ready)]
VisitDep = Annotated[Visit, Depends(get_visit)]
CurrentUser = Annotated[Principal, Depends(current_user)]
ClerkDep = Annotated[Principal, Depends(require_clerk)]
AdminDep = Annotated[Principal, Depends(require_admin)]
JsonBody = Depends(require_json)
ClerkOnly = Depends(require_clerk)
AdminOnly = Depends(require_admin)
MetricsAccess = Depends(require_metrics_access)
