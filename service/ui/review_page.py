"""要確認: flagged rows one at a time, most uncertain first; confirm, correct or undo. The
reviewer is the logged-in user (their actor name, e.g. `user:sato`), never a typed name."""

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from henno.audit import AuditAction
from henno.model.labels import LABEL_JA, LABELS
from henno.review.errors import ReviewConflict, ReviewItemNotFound
from henno.service.audited import Outcome
from henno.service.ui.page_audit import audit
from henno.service.ui.pages import PageDep, PageError
from henno.service.ui.reasons_view import review_item_reasons

router = APIRouter(prefix="/review", include_in_schema=False)
NOTICES = {
    "conflict": "この項目は他の担当者が判定済みか、担当時間が切れました。次の項目を表示します",
    "undone": "直前の判定を取り消しました",
    "nothing": "取り消す判定はありません",
}


@router.get("")
def review(page: PageDep, notice: str = "", done: str = "") -> Response:
    store, reviewer = page.store(), page.principal.actor
    item = store.claim_next(reviewer)
    last = f"「{LABEL_JA[done]}」で確定しました" if done in LABEL_JA else ""
    reasons = review_item_reasons(page.ui.holder.classifier, item.text) if item else {}
    return page.render("review.html", tab="review", item=item, counts=store.counts(),
                       notice=NOTICES.get(notice, last),
                       undo_item=store.last_decided(reviewer), **reasons)


@router.post("/decide")
def decide(page: PageDep, item_id: Annotated[str, Form()] = "",
           label: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    if label not in LABELS:
        raise PageError(422, "ラベルを選んでください")
    if not item_id.isdigit() or not 1 <= int(item_id) < 2**63:
        raise PageError(422, "確認する項目が指定されていません")
    try:
        page.store().decide(int(item_id), page.principal.actor, label)
    except (ReviewConflict, ReviewItemNotFound):
        audit(page, AuditAction.REVIEW_DECISION, Outcome.REFUSED, item_id=int(item_id),
              label=label)
        return page.redirect("/review?notice=conflict")
    audit(page, AuditAction.REVIEW_DECISION, item_id=int(item_id), label=label)
    return page.redirect(f"/review?done={label}")


@router.post("/undo")
def undo(page: PageDep, item_id: Annotated[str, Form()] = "",
         csrf: Annotated[str, Form()] = "") -> Response:
    """Takes back the decision the page showed as the last one, and only that: a second
    click finds it already taken back."""
    page.check_csrf(csrf)
    restored = None
    if item_id.isdigit() and int(item_id) < 2**63:
        restored = page.store().undo_last(page.principal.actor, item_id=int(item_id))
        audit(page, AuditAction.REVIEW_UNDO, Outcome.OK if restored else Outcome.REFUSED,
              item_id=int(item_id))
    return page.redirect("/review?notice=" + ("undone" if restored else "nothing"))
