"""POST /v1/classify and /v1/classify/batch."""

from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from henno.model.classifier import Classifier
from henno.model.explain import explain
from henno.service.deps import ClerkOnly, JsonBody, ReadyDep
from henno.service.errors import ServiceError
from henno.service.json_body import body_schema, parse, read_bounded, validate
from henno.service.observability import log_fields
from henno.service.responses import JsonBytes
from henno.service.schemas import (
    ERROR_RESPONSES,
    BatchOut,
    BatchRequest,
    ClassifyRequest,
    PredictionOut,
)
from henno.settings import Settings

router = APIRouter(prefix="/v1", tags=["classify"], responses=ERROR_RESPONSES,
                   dependencies=[ClerkOnly])
# Predicted whole, a 500,000-character batch peaked at about 230 MB of feature matrices; in
# pieces of 50,000 characters at about 75 MB, with the same answers.
CHUNK_CHARS = 50_000


def check_text(text: str, settings: Settings, where: str) -> None:
    if not text.strip():
        raise ServiceError(422, "invalid_input", f"{where}: must not be empty")
    if len(text) > settings.max_text_chars:
        raise ServiceError(422, "invalid_input",
                           f"{where}: longer than {settings.max_text_chars} characters")


async def one_text(request: Request) -> ClassifyRequest:
    """Parsed on the event loop: the body limit of /v1/classify keeps it a few KB."""
    settings: Settings = request.app.state.service.settings
    raw = await read_bounded(request, 2 * settings.max_text_chars)
    return validate(parse(raw), ClassifyRequest)


async def batch_bytes(request: Request) -> bytes:
    settings: Settings = request.app.state.service.settings
    return await read_bounded(request, settings.max_batch_chars + settings.max_batch_texts)


def batch_texts(raw: bytes, settings: Settings) -> list[str]:
    """The texts of a batch body, refused by their count and size before their contents."""
    data = parse(raw)
    texts = data.get("texts") if isinstance(data, dict) else None
    if isinstance(texts, list) and len(texts) > settings.max_batch_texts:
        raise ServiceError(422, "invalid_input",
                           f"texts: at most {settings.max_batch_texts} texts per batch")
    body = validate(data, BatchRequest)
    if not body.texts:
        raise ServiceError(422, "invalid_input", "texts: must not be empty")
    for index, text in enumerate(body.texts):
        check_text(text, settings, f"texts[{index}]")
    if sum(map(len, body.texts)) > settings.max_batch_chars:
        raise ServiceError(413, "payload_too_large",
                           f"texts: more than {settings.max_batch_chars} characters in all; "
                           "send fewer or shorter texts")
    return body.texts


def in_pieces(texts: list[str]) -> Iterator[list[str]]:
    """Consecutive texts of at most CHUNK_CHARS characters in all (a longer text alone)."""
    piece: list[str] = []
    size = 0
    for text in texts:
        if piece and size + len(text) > CHUNK_CHARS:
            yield piece
            piece, size = [], 0
        piece.append(text)
        size += len(text)
    if piece:
        yield piece


def prediction_body(classifier: Classifier, text: str, with_explanation: bool) -> dict[str, Any]:
    prediction = classifier.predict([text])[0]
    body = prediction.to_dict()
    if with_explanation:
        body["explanation"] = [c.to_dict() for c in explain(classifier, text, prediction.label)]
    return body


@router.post("/classify", response_model=PredictionOut, dependencies=[JsonBody],
             summary="Label one return reason", openapi_extra=body_schema(ClassifyRequest))
async def classify(body: Annotated[ClassifyRequest, Depends(one_text)], ready: ReadyDep,
                   request: Request, explain: bool = False) -> JsonBytes:
    """The label of one reason; `?explain=true` adds the features that drove it."""
    check_text(body.text, ready.service.settings, "text")
    if explain:
        result = await run_in_threadpool(prediction_body, ready.classifier, body.text, True)
    else:
        result = (await ready.service.batcher.predict(body.text)).to_dict()
    log_fields(request.scope).update(label=result["label"], text_length=len(body.text),
                                     flagged=int(result["needs_review"]))
    return JsonBytes(result)


@router.post("/classify/batch", response_model=BatchOut, dependencies=[JsonBody],
             summary="Label many return reasons", openapi_extra=body_schema(BatchRequest))
def classify_batch(raw: Annotated[bytes, Depends(batch_bytes)], ready: ReadyDep,
                   request: Request) -> JsonBytes:
    """Labels in input order; at most HENNO_MAX_BATCH_TEXTS texts and HENNO_MAX_BATCH_CHARS
    characters in all. Parsed here, in the thread pool, not on the event loop."""
    classifier = ready.classifier
    texts = batch_texts(raw, ready.service.settings)
    predictions = [p for piece in in_pieces(texts) for p in classifier.predict(piece)]
    log_fields(request.scope).update(texts=len(texts),
                                     labels=dict(Counter(p.label for p in predictions)),
                                     flagged=sum(p.needs_review for p in predictions))
    return JsonBytes({"results": [p.to_dict() for p in predictions],
                      "model_version": classifier.version})
