"""Liveness, readiness and Prometheus metrics."""

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from henno.service.deps import MetricsAccess, ServiceDep
from henno.service.errors import error_response
from henno.service.responses import JsonBytes

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> JsonBytes:
    return JsonBytes({"status": "ok"})


@router.get("/readyz", summary="A model is loaded and answers")
def readyz(service: ServiceDep) -> Response:
    classifier = service.holder.classifier
    if classifier is None:
        return error_response(503, "model_not_loaded", "no model is loaded")
    classifier.predict(["readiness probe"])
    return JsonBytes({"status": "ready", "model_version": classifier.version})


@router.get("/metrics", summary="Prometheus metrics (admins, or all with "
            "HENNO_METRICS_PUBLIC=true)", response_class=Response, dependencies=[MetricsAccess],
            responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {}},
                             "description": "Prometheus text exposition format."}})
def metrics(service: ServiceDep) -> Response:
    return Response(service.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
