"""GET /v1/model, GET /v1/labels, POST /v1/admin/reload and POST /v1/admin/switch."""

import logging
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from henno.audit import AuditAction
from henno.model.classifier import Classifier
from henno.model.errors import HennoError, ModelNotFoundError
from henno.model.labels import LABEL_DEFINITIONS, LABEL_JA, LABELS
from henno.service.audited import Outcome, record
from henno.service.deps import (
    AdminDep,
    AdminOnly,
    ClerkOnly,
    JsonBody,
    ReadyDep,
    Service,
    ServiceDep,
)
from henno.service.errors import ServiceError, without_server_paths
from henno.service.schemas import ERROR_RESPONSES, LabelOut

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["model"], responses=ERROR_RESPONSES,
                   dependencies=[ClerkOnly])


@router.get("/model", summary="The current model's metadata and metrics")
async def model_metadata(ready: ReadyDep) -> dict[str, Any]:
    return ready.classifier.metadata


@router.get("/labels", response_model=list[LabelOut], summary="The five labels")
async def labels() -> list[dict[str, str]]:
    return [{"id": label, "ja": LABEL_JA[label], "definition": LABEL_DEFINITIONS[label]}
            for label in LABELS]


@router.post("/admin/reload", dependencies=[AdminOnly], summary="Load the `current` model")
def reload(service: ServiceDep) -> dict[str, Any]:
    """Swap in the model `current` points to; on failure the old model keeps serving."""
    holder = service.holder
    previous = holder.classifier.version if holder.classifier else None
    try:
        classifier = holder.load_current()
    except HennoError as exc:
        raise _refusal("reload", exc, previous, service) from exc
    return {"model_version": classifier.version, "previous_version": previous}


class SwitchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"version": "20261201T090000Z-1a2b3c"}]})

    version: str = Field(description="The version `current` should name (`henno models list`).")


@router.post("/admin/switch", dependencies=[AdminOnly, JsonBody],
             summary="Point `current` at a version and serve it")
def switch(body: SwitchRequest, service: ServiceDep, user: AdminDep) -> dict[str, Any]:
    """Promote or roll back, as `henno models use` does; served here at once and by every
    other worker within HENNO_MODEL_CHECK_SECONDS. A version that fails to load changes
    nothing."""
    holder = service.holder
    previous = holder.classifier.version if holder.classifier else None
    audited = {"from_version": previous or "", "to_version": body.version[:255]}
    try:
        classifier = _use(service, body.version, previous)
    except HennoError:
        record(service.access.audit, user.actor, AuditAction.VERSION_SWITCH, Outcome.FAILED,
               **audited)
        raise
    record(service.access.audit, user.actor, AuditAction.VERSION_SWITCH, **audited)
    return {"model_version": classifier.version, "previous_version": previous}


def _use(service: Service, version: str, previous: str | None) -> Classifier:
    try:
        return service.holder.use(version)
    except ModelNotFoundError as exc:
        raise ServiceError(404, "model_not_found", f"no model version {version}") from exc
    except HennoError as exc:
        raise _refusal("switch", exc, previous, service) from exc


def _refusal(what: str, exc: HennoError, previous: str | None,
             service: Service) -> ServiceError:
    logger.warning(f"{what} failed", extra={"error_code": exc.code})
    still = f"; still serving {previous}" if previous else ""
    reason = without_server_paths(str(exc), service.settings.models_dir)
    return ServiceError(409, f"{what}_failed", f"{what} failed: {reason}{still}")
