"""Clerks' reviewed labels merged into a training set: for one text, the clerk's label wins."""

import hashlib
import json

from henno.review.redaction import redact_for_storage, text_key
from henno.training.dataset import Dataset, check_rows


def corpus_key(text: str) -> str:
    """The key a raw corpus text would get as a stored review item
    (henno.review.redaction.text_key)."""
    return text_key(redact_for_storage(text))


def _latest(reviewed: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    latest: dict[str, tuple[str, str]] = {}
    for text, label in reviewed:
        key = text_key(text)
        latest.pop(key, None)
        latest[key] = (text, label)
    return latest


def _content_sha256(rows: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def merge_feedback(train: Dataset, reviewed: list[tuple[str, str]]) -> Dataset:
    """`train` with the reviewed (stored text, label) rows in place of the same corpus texts.

    `reviewed` comes from ReviewStore.reviewed(), oldest decision first: its texts are already
    redacted, and when one text was reviewed more than once its latest label wins.
    """
    latest = _latest(reviewed)
    if not latest:
        return train
    reviewed_texts = {text.strip() for text, _ in latest.values()}
    kept = [(text, label) for text, label in zip(train.texts, train.labels)
            if text.strip() not in reviewed_texts and corpus_key(text) not in latest]
    merged = kept + list(latest.values())
    check_rows([(line, text, label) for line, (text, label) in enumerate(merged, start=2)],
               f"{train.path} with {len(latest)} reviewed row(s)")
    return Dataset(
        texts=[text for text, _ in merged],
        labels=[label for _, label in merged],
        sha256=_content_sha256(merged),
        path=train.path,
        feedback_rows=len(latest),
        feedback_replaced=len(train.texts) - len(kept),
    )


def outside_test_set(reviewed: list[tuple[str, str]], test: Dataset) -> list[tuple[str, str]]:
    """The reviewed rows whose text is not in the test set: training on a test text would
    make the test score (and so the promotion decision) look better than the model is."""
    test_keys = {corpus_key(text) for text in test.texts}
    return [(text, label) for text, label in reviewed if text_key(text) not in test_keys]
