"""GET /v1/model, GET /v1/labels and POST /v1/admin/reload."""

import logging
from typing import Any

from fastapi import APIRouter

from henno.model.errors import HennoError
from henno.model.labels import LABEL_DEFINITIONS, LABEL_JA, LABELS
from henno.service.deps import AdminOnly, ReadyDep, ServiceDep
from henno.service.errors import ServiceError, without_server_paths
from henno.service.schemas import ERROR_RESPONSES, LabelOut

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["model"], responses=ERROR_RESPONSES)


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
    holder, metrics = service.holder, service.metrics
    previous = holder.classifier.version if holder.classifier else None
    try:
        classifier = holder.load_current()
    except HennoError as exc:
        logger.warning("reload failed", extra={"error_code": exc.code})
        still = f"; still serving {previous}" if previous else ""
        reason = without_server_paths(str(exc), service.settings.models_dir)
        raise ServiceError(409, "reload_failed", f"reload failed: {reason}{still}") from exc
    metrics.set_model(classifier.version)
    return {"model_version": classifier.version, "previous_version": previous}
