"""理由を判定 in words: each reason the text gives, where it is written, and why the label is
the one the guideline's rules chose among them."""

from dataclasses import dataclass, replace
from typing import Any

from henno.model.classifier import Classifier, Prediction, Reason, Rule
from henno.model.labels import LABEL_JA, PRIORITY
from henno.service.ui.filters import has_stored_number, stored_text_ja
from henno.service.ui.label_guide import review_meaning

PRIORITY_ORDER = " → ".join(LABEL_JA[label] for label in PRIORITY)
DENIED = "否定されているため除外"
# Models of henno 0.2 chose their thresholds for 95 % and did not record it.
_OLD_TARGET = 0.95


@dataclass(frozen=True)
class ReasonPart:
    """A run of the text: plain (reason None), or written for one reason."""

    text: str
    reason: Reason | None = None


@dataclass(frozen=True)
class ReasonLine:
    """One reason in the list under the text: its words and what the rules made of it."""

    reason: Reason
    words: list[str]
    status: str


def reason_parts(text: str, reasons: tuple[Reason, ...]) -> list[ReasonPart]:
    """The text cut at each reason's spans; where spans overlap, the earlier reason keeps
    the characters."""
    owner: list[int | None] = [None] * len(text)
    for index, reason in enumerate(reasons):
        for start, end in reason.spans:
            for at in range(max(start, 0), min(end, len(text))):
                owner[at] = index if owner[at] is None else owner[at]
    parts: list[ReasonPart] = []
    start = 0
    for at in range(1, len(text) + 1):
        if at == len(text) or owner[at] != owner[start]:
            found = owner[start]
            parts.append(ReasonPart(text[start:at], None if found is None else reasons[found]))
            start = at
    return parts


def reason_lines(text: str, prediction: Prediction) -> list[ReasonLine]:
    return [ReasonLine(reason, [text[start:end] for start, end in reason.spans],
                       _status(reason, prediction)) for reason in prediction.reasons]


def _status(reason: Reason, prediction: Prediction) -> str:
    if reason.denied:
        return DENIED
    if reason.main:
        return "主な理由として書かれています"
    if reason.label == prediction.label:
        return "判定に選ばれた理由です"
    return "理由に含まれます（複数回答の集計で数えます）"


def decision(prediction: Prediction) -> str:
    """Why the label is this one, as a clerk reads it."""
    label = prediction.label_ja
    if prediction.rule is Rule.MAIN_REASON:
        return f"「一番の理由」のように主な理由が書かれているため、{label}と判定しました。"
    if prediction.rule is Rule.PRIORITY:
        return (f"理由が複数あるため、優先順位（{PRIORITY_ORDER}）により{label}と"
                "判定しました。")
    if any(reason.denied for reason in prediction.reasons):
        return f"数える理由は 1 つのため、{label}と判定しました。"
    return f"書かれている理由は 1 つのため、{label}と判定しました。"


def denied_note(prediction: Prediction) -> str | None:
    """The denied reasons, said once (ではなく, わけではない, not because… alike)."""
    names = list(dict.fromkeys(r.label_ja for r in prediction.reasons if r.denied))
    if not names:
        return None
    return f"{'、'.join(names)}は「〜ではなく」のように否定されているため除外しました。"


def review_sentence(metadata: dict[str, Any]) -> str:
    """What 要確認 means, with the target the model's thresholds were chosen for."""
    review = metadata.get("review") or {}
    return review_meaning(float(review.get("target_accuracy", _OLD_TARGET)))


def reasons_shown(text: str, prediction: Prediction) -> dict[str, Any]:
    """What the template _reasons.html shows of a text's reasons."""
    return {"reason_parts": reason_parts(text, prediction.reasons),
            "reason_lines": reason_lines(text, prediction), "decision": decision(prediction),
            "denied_note": denied_note(prediction)}


def review_item_reasons(classifier: Classifier | None, text: str) -> dict[str, Any]:
    """要確認: the reasons the current model finds in an item's (redacted) text, worked out
    each time the item is shown and never stored; nothing without a model."""
    masked_numbers = has_stored_number(text)
    if classifier is None:
        return {"masked_numbers": masked_numbers}
    # Read as stored (numbers are "0", as the model was trained), shown as the clerk reads it:
    # one character for one, so every span still marks the same words.
    shown = reasons_shown(text, classifier.predict([text])[0])
    shown["reason_parts"] = [replace(part, text=stored_text_ja(part.text))
                             for part in shown["reason_parts"]]
    shown["reason_lines"] = [replace(line, words=[stored_text_ja(w) for w in line.words])
                             for line in shown["reason_lines"]]
    return {**shown, "masked_numbers": masked_numbers}
