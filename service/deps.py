"""Typed dependencies routes take: the service context (settings, model, batcher), admin access.

They are few and `async def` on purpose: FastAPI runs a plain `def` dependency in its thread
pool, and resolving each dependency costs about as much as a small prediction.
"""

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from pydantic import SecretStr

from henno.model.classifier import Classifier
from henno.service.batcher import MicroBatcher
from henno.service.errors import ServiceError
from henno.service.holder import ModelHolder
from henno.service.observability import Metrics
from henno.settings import Settings


@dataclass(frozen=True)
class Service:
    settings: Settings
    holder: ModelHolder
    metrics: Metrics
    batcher: MicroBatcher


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


def token_matches(given: str, expected: SecretStr) -> bool:
    """A typed or sent token against a configured one, in constant time; an empty one never
    matches, whatever is configured."""
    typed = given.strip().encode("utf-8", "surrogatepass")
    secret = expected.get_secret_value().encode("utf-8", "surrogatepass")
    return bool(typed) and bool(secret.strip()) and hmac.compare_digest(typed, secret)


def bearer_token(request: Request, which: str) -> str:
    """The token of `Authorization: Bearer …`; 401 naming `which` token to send when none."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ServiceError(401, "unauthorized", f"send Authorization: Bearer <{which}>")
    return token


async def require_admin(request: Request) -> None:
    settings: Settings = request.app.state.service.settings
    if settings.admin_token is None:
        raise ServiceError(403, "admin_disabled",
                           "admin routes are disabled: set HENNO_ADMIN_TOKEN to enable them")
    token = bearer_token(request, "admin token")
    if not token_matches(token, settings.admin_token):
        raise ServiceError(403, "forbidden", "the admin token is wrong")


async def require_api_access(request: Request) -> None:
    """With HENNO_UI_TOKEN set, the routes that carry residents' texts want it (or the admin
    token) as a bearer token: a protection that is configured covers the API, not only the
    page. Without it they are open, and the service says so at start."""
    settings: Settings = request.app.state.service.settings
    if settings.ui_token is None:
        return
    token = bearer_token(request, "HENNO_UI_TOKEN")
    accepted = [settings.ui_token] + ([settings.admin_token] if settings.admin_token else [])
    if not any(token_matches(token, secret) for secret in accepted):
        raise ServiceError(403, "forbidden", "the token is wrong")


ServiceDep = Annotated[Service, Depends(get_service)]
ReadyDep = Annotated[Ready, Depends(get_ready)]
JsonBody = Depends(require_json)
AdminOnly = Depends(require_admin)
