"""Request and response bodies, with the Japanese examples shown in /docs."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

_SCORES_EXAMPLE: dict[str, Any] = {
    "system_distrust": 0.02, "scandal": 0.01, "errors": 0.01, "relocation": 0.95, "other": 0.01,
}


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "来月、夫の転勤で大阪に引っ越すため返納します。"}]})

    text: str = Field(description="The reason written on the return form.")


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"texts": ["引っ越しのため", "相次ぐ不祥事で信用できません",
                                "保険証が他人の情報と紐付けられていた"]}]})

    texts: list[str] = Field(description="Reason texts, answered in the same order.")


class Contribution(BaseModel):
    """A content word of the text and how far it pushed the chosen label (explain=true)."""

    text: str = Field(description="The word as written in the text.", examples=["引っ越す"])
    lemma: str = Field(description="Its dictionary form (unidic).", examples=["引っ越す"])
    pos: str = Field(description="Its part of speech (unidic): 名詞, 動詞, 形容詞…; never a "
                                 "particle, auxiliary or punctuation.", examples=["動詞"])
    span: list[int] = Field(description="[start, end) character offsets into the text sent.",
                            examples=[[11, 15]], min_length=2, max_length=2)
    weight: float = Field(description="Signed share of the chosen label's linear score: the "
                                      "weights of the word and character n-grams it holds.")


class ReasonOut(BaseModel):
    label: str = Field(examples=["relocation"])
    label_ja: str = Field(examples=["転居"])
    score: float = Field(description="How sure the model is that the text gives this reason.")
    spans: list[list[int]] = Field(
        description="[start, end) character offsets of the words that give it.",
        examples=[[[0, 6]]])
    denied: bool = Field(description="The writer denied it (引っ越しではなく…): never counted.")
    main: bool = Field(description="The writer marked it as the main reason (一番の理由は…).")


class PredictionOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "label": "relocation", "label_ja": "転居", "confidence": 0.95, "scores": _SCORES_EXAMPLE,
        "needs_review": False, "model_version": "20261127T134416Z-f8e7bd",
        "reasons": [{"label": "relocation", "label_ja": "転居", "score": 0.95,
                     "spans": [[0, 6]], "denied": False, "main": False}],
        "rule": "single"}]})

    label: str
    label_ja: str
    confidence: float
    scores: dict[str, float]
    needs_review: bool
    model_version: str
    reasons: list[ReasonOut] = Field(
        description="Every reason the text gives, in order; denied ones are listed, not counted.")
    rule: Literal["single", "main_reason", "priority"] = Field(
        description="Which rule chose `label` among the reasons: the only one, the one the "
                    "writer called the main reason, or the priority relocation > errors > "
                    "scandal > system_distrust > other.")
    explanation: list[Contribution] | None = Field(
        default=None, description="With explain=true: the content words that pushed the "
                                  "label most, largest |weight| first (at most 10).")


class BatchOut(BaseModel):
    results: list[PredictionOut]
    model_version: str


class LabelOut(BaseModel):
    id: str = Field(examples=["relocation"])
    ja: str = Field(examples=["転居"])
    definition: str


class ErrorBody(BaseModel):
    code: str = Field(examples=["invalid_input"])
    message: str = Field(examples=["text: must not be empty"])


class ErrorOut(BaseModel):
    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut} for status in (400, 401, 403, 404, 409, 413, 415, 422, 503)
}
