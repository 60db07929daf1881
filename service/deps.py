"""Typed dependencies routes take: settings, the current classifier, admin access."""

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from model.classifier import Classifier
from model.settings import Settings
from service.errors import ServiceError
from service.holder import ModelHolder
from service.observability import Metrics


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_holder(request: Request) -> ModelHolder:
    holder: ModelHolder = request.app.state.holder
    return holder


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


def get_classifier(holder: Annotated[ModelHolder, Depends(get_holder)]) -> Classifier:
    classifier = holder.classifier
    if classifier is None:
        raise ServiceError(503, "model_not_loaded",
                           "no model is loaded; train one with `henno train`, then reload")
    return classifier


def require_json(content_type: Annotated[str | None, Header()] = None) -> None:
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ServiceError(415, "unsupported_media_type",
                           "send the body as JSON with Content-Type: application/json")


def require_admin(settings: Annotated[Settings, Depends(get_settings_dep)],
                  authorization: Annotated[str | None, Header()] = None) -> None:
    if settings.admin_token is None:
        raise ServiceError(403, "admin_disabled",
                           "admin routes are disabled: set HENNO_ADMIN_TOKEN to enable them")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ServiceError(401, "unauthorized", "send Authorization: Bearer <admin token>")
    expected = settings.admin_token.get_secret_value().encode()
    if not hmac.compare_digest(token.strip().encode(), expected):
        raise ServiceError(403, "forbidden", "the admin token is wrong")


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
HolderDep = Annotated[ModelHolder, Depends(get_holder)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
ClassifierDep = Annotated[Classifier, Depends(get_classifier)]
JsonBody = Depends(require_json)
AdminOnly = Depends(require_admin)
