"""POST /v1/classify and /v1/classify/batch."""

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from model.classifier import Classifier
from model.explain import explain
from model.settings import Settings
from service.deps import JsonBody, ReadyDep
from service.errors import ServiceError
from service.observability import log_fields
from service.responses import JsonBytes
from service.schemas import ERROR_RESPONSES, BatchOut, BatchRequest, ClassifyRequest, PredictionOut

router = APIRouter(prefix="/v1", tags=["classify"], responses=ERROR_RESPONSES)


def check_text(text: str, settings: Settings, where: str) -> None:
    if not text.strip():
        raise ServiceError(422, "invalid_input", f"{where}: must not be empty")
    if len(text) > settings.max_text_chars:
        raise ServiceError(422, "invalid_input",
                           f"{where}: longer than {settings.max_text_chars} characters")


def prediction_body(classifier: Classifier, text: str, with_explanation: bool) -> dict[str, Any]:
    prediction = classifier.predict([text])[0]
    body = prediction.to_dict()
    if with_explanation:
        body["explanation"] = [c.to_dict() for c in explain(classifier, text, prediction.label)]
    return body


@router.post("/classify", response_model=PredictionOut, dependencies=[JsonBody],
             summary="Label one return reason")
async def classify(body: ClassifyRequest, ready: ReadyDep, request: Request,
                   explain: bool = False) -> JsonBytes:
    """The label of one reason; `?explain=true` adds the features that drove it."""
    check_text(body.text, ready.service.settings, "text")
    if explain:
        result = await run_in_threadpool(prediction_body, ready.classifier, body.text, True)
    else:
        result = (await ready.service.batcher.predict(body.text)).to_dict()
    log_fields(request.scope).update(label=result["label"], text_length=len(body.text))
    return JsonBytes(result)


@router.post("/classify/batch", response_model=BatchOut, dependencies=[JsonBody],
             summary="Label many return reasons")
def classify_batch(body: BatchRequest, ready: ReadyDep, request: Request) -> JsonBytes:
    """Labels in input order; at most HENNO_MAX_BATCH_TEXTS texts."""
    settings, classifier = ready.service.settings, ready.classifier
    if not body.texts:
        raise ServiceError(422, "invalid_input", "texts: must not be empty")
    if len(body.texts) > settings.max_batch_texts:
        raise ServiceError(422, "invalid_input",
                           f"texts: at most {settings.max_batch_texts} texts per batch")
    for index, text in enumerate(body.texts):
        check_text(text, settings, f"texts[{index}]")
    predictions = classifier.predict(body.texts)
    log_fields(request.scope).update(texts=len(body.texts),
                                     labels=dict(Counter(p.label for p in predictions)))
    return JsonBytes({"results": [p.to_dict() for p in predictions],
                           "model_version": classifier.version})
