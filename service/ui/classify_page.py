"""理由を判定: one reason, its label, each label's score and the words that decided it."""

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from henno.model.explain import explain
from henno.service.ui.highlight import segments
from henno.service.ui.pages import PageDep, PageError
from henno.service.ui.reasons_view import reasons_shown, review_sentence

router = APIRouter(include_in_schema=False)


@router.get("/")
def classify_form(page: PageDep) -> Response:
    return page.render("classify.html", tab="classify", text="", result=None)


@router.post("/")
def classify_text(page: PageDep, text: Annotated[str, Form()] = "",
                  csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    limit = page.ui.settings.max_text_chars
    if not text.strip():
        return page.render("classify.html", status=422, tab="classify", text=text, result=None,
                           message="返納理由を入力してください")
    if len(text) > limit:
        return page.render("classify.html", status=422, tab="classify", text="", result=None,
                           message=f"理由が長すぎます（{limit} 文字まで）")
    classifier = page.ui.holder.classifier
    if classifier is None:
        raise PageError(503, "モデルが読み込まれていません。管理者に連絡してください")
    prediction = classifier.predict([text])[0]
    marked = segments(text, explain(classifier, text, prediction.label))
    return page.render("classify.html", tab="classify", text=text, result=prediction,
                       segments=marked, review_meaning=review_sentence(classifier.metadata),
                       **reasons_shown(text, prediction))
