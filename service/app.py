"""create_app(settings): the FastAPI application; nothing is loaded at import time."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import Response
from fastapi.telemetry import TelemetryConfig
from starlette.concurrency import run_in_threadpool

from henno.model.errors import HennoError
from henno.service.access import Access
from henno.service.audited import purge_at_start
from henno.service.batcher import MicroBatcher
from henno.service.cookies import SessionCookies
from henno.service.deps import Service
from henno.service.docs import install_docs
from henno.service.errors import error_response, install_error_handlers
from henno.service.follower import ModelFollower
from henno.service.holder import ModelHolder
from henno.service.hosts import HostGuard, allowed_hosts
from henno.service.limits import BodySizeLimit, json_refusal, one_text_bytes
from henno.service.observability import Metrics, ObservabilityMiddleware, configure_logging
from henno.service.routes import classify, files, health, jobs, model_info
from henno.service.startup import log_paths, warn_about_settings, warn_when_open
from henno.service.ui import (
    API_PATHS,
    UPLOAD_PATH,
    UiState,
    install_ui,
    too_large_page,
    wrong_host_page,
)
from henno.service.upload_door import UploadDoor
from henno.settings import Settings, get_settings
from henno.version import __version__
from henno.work.serving import build_runner

logger = logging.getLogger(__name__)
# FastAPI's OpenTelemetry hooks record validation failures with their messages; henno keeps
# its own metrics and logs, which never hold a reason text, so they stay off.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False, "metrics": False, "logs": False, "operation_spans": False,
    "auto_configure": False,
}
DESCRIPTION = """
返納理由の自動分類 — labels the free-text reason residents write when returning a My Number
card: `system_distrust` (制度への不信), `scandal` (相次ぐ不祥事), `errors` (誤り・不具合),
`relocation` (転居), `other` (その他). Errors are `{"error": {"code", "message"}}`.
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    service: Service = app.state.service
    log_paths(service.settings)
    try:
        await run_in_threadpool(service.holder.load_current)
    except HennoError as exc:
        # Serve anyway: /readyz says not ready until the follower finds a loadable `current`.
        logger.error("no model loaded at start: %s", exc, extra={"error_code": exc.code})
    warn_about_settings(service.settings)
    ui: UiState = app.state.ui
    await run_in_threadpool(ui.open)  # runs the review store's migrations
    await run_in_threadpool(service.access.open)
    await run_in_threadpool(warn_when_open, service.access)
    # Review items and audit entries past their retention periods (audited).
    await run_in_threadpool(purge_at_start, service.access.audit, ui.store, service.settings)
    # File jobs and retraining, queued in the database by any replica (henno.work).
    runner = None if ui.work is None else build_runner(service.settings, ui.work,
                                                       service.holder, lambda: ui.store)
    if runner is not None:
        runner.start()
    service.batcher.start()
    follower = app.state.follower = ModelFollower(service.holder,
                                                  service.settings.model_check_seconds)
    follower.start()
    try:
        yield
    finally:
        await follower.stop()
        service.batcher.stop()
        if runner is not None:
            await run_in_threadpool(runner.stop)
        ui.close()
        service.access.close()
        service.metrics.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service, configured by `settings` (default: HENNO_* environment variables)."""
    settings = settings or get_settings()
    metrics = Metrics()
    holder = ModelHolder(settings.models_dir, lambda loaded: metrics.set_model(loaded.version))
    app = FastAPI(title="henno", version=__version__, description=DESCRIPTION,
                  lifespan=_lifespan, telemetry=NO_TELEMETRY, docs_url=None, redoc_url=None,
                  openapi_url=None)  # served by install_docs, behind the same door
    cookies = SessionCookies(secure=(settings.public_origin or "").startswith("https://"))
    app.state.service = Service(settings, holder, metrics, MicroBatcher(holder),
                                Access(settings), cookies)
    for module in (classify, files, jobs, model_info, health):
        app.include_router(module.router)
    install_error_handlers(app)
    install_docs(app)
    install_ui(app, UiState.build(settings, holder))

    def body_limit(path: str) -> int:
        if path.startswith(("/v1/label-file", "/v1/jobs", UPLOAD_PATH)):
            return settings.max_upload_bytes + 2**20  # room for the multipart envelope
        if path == "/v1/classify":
            return min(settings.max_json_bytes, one_text_bytes(settings.max_text_chars))
        return settings.max_json_bytes

    def refuse(path: str, limit: int) -> Response:
        return too_large_page(limit) if path.startswith(UPLOAD_PATH) else json_refusal(path, limit)

    app.add_middleware(UploadDoor)  # innermost: after the Host and size checks
    app.add_middleware(BodySizeLimit, limit_for=body_limit, refuse=refuse)
    app.add_middleware(HostGuard, allowed=allowed_hosts(settings), refuse=_wrong_host)
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    return app


def _wrong_host(path: str) -> Response:
    if path.startswith(API_PATHS):
        return error_response(400, "invalid_host", "the Host header names a host this service "
                                                   "does not answer; see HENNO_ALLOWED_HOSTS")
    return wrong_host_page()


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers: each worker process configures its own logging."""
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
