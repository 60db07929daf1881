"""モデル: the current version, its metrics and confusion matrix, every version; with the
admin role, retrain from the reviewed items and promote or roll back."""

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse, Response

from henno.accounts import Role
from henno.audit import AuditAction
from henno.model.artifacts import list_version_info
from henno.model.errors import HennoError
from henno.service.audited import Outcome
from henno.service.errors import without_server_paths
from henno.service.ui.page_audit import audit
from henno.service.ui.pages import AdminPageDep, PageDep, PageError
from henno.service.ui.retrain import feedback_rows

router = APIRouter(prefix="/model", include_in_schema=False)


def _version_rows(page: PageDep) -> list[dict[str, Any]]:
    """Newest first; a version whose metadata cannot be read is not offered."""
    rows = []
    for info in reversed(list_version_info(page.ui.settings.models_dir)):
        if info.metadata is None:
            continue
        test = info.metadata.get("metrics", {}).get("test", {})
        rows.append({"version": info.version, "created": info.metadata.get("created_at", ""),
                     "macro_f1": test.get("macro_f1"), "n": test.get("n"),
                     "feedback": feedback_rows(info.metadata), "current": info.current})
    return rows


@router.get("")
def model_page(page: PageDep, notice: str = "") -> Response:
    classifier = page.ui.holder.classifier
    metadata = classifier.metadata if classifier is not None else None
    reviewed = page.store().counts().decided if page.ui.store is not None else 0
    return page.render("model.html", tab="model", metadata=metadata,
                       used_feedback=feedback_rows(metadata) if metadata else 0,
                       versions=_version_rows(page), retrain=page.ui.retrainer.state,
                       reviewed=reviewed, admin=page.principal.allows(Role.ADMIN),
                       notice=notice)


@router.get("/retrain/status")
def retrain_status(page: PageDep) -> Response:
    state = page.ui.retrainer.state
    return page.finish(JSONResponse({"status": state.status, "message": state.message}))


@router.post("/retrain")
def retrain(page: AdminPageDep, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    if not page.ui.retrainer.start(page.principal.actor):
        audit(page, AuditAction.RETRAIN, Outcome.REFUSED)
        raise PageError(409, "すでに学習中です")
    audit(page, AuditAction.RETRAIN)
    return page.redirect("/model")


@router.post("/use")
def use(page: AdminPageDep, version: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    serving = page.ui.holder.classifier
    switch = {"from_version": serving.version if serving else "", "to_version": version[:255]}
    try:
        page.ui.holder.use(version)  # the holder announces it to the metrics
    except HennoError as exc:
        audit(page, AuditAction.VERSION_SWITCH, Outcome.FAILED, **switch)
        reason = without_server_paths(str(exc), page.ui.settings.models_dir)
        raise PageError(409, f"この版に切り替えられません: {reason}") from exc
    audit(page, AuditAction.VERSION_SWITCH, **switch)
    return page.redirect("/model?notice=switched")
