"""The five labels (described in docs/labels.md), in their canonical order."""

import unicodedata
from typing import Final

LABELS: Final[tuple[str, ...]] = ("system_distrust", "scandal", "errors", "relocation", "other")

LABEL_JA: Final[dict[str, str]] = {
    "system_distrust": "制度への不信",
    "scandal": "相次ぐ不祥事",
    "errors": "誤り・不具合",
    "relocation": "転居",
    "other": "その他",
}

LABEL_DEFINITIONS: Final[dict[str, str]] = {
    "system_distrust": (
        "General distrust of, anxiety about, or opposition to the My Number system or the "
        "government's handling of personal data, without pointing at specific incidents or "
        "at errors the writer experienced."
    ),
    "scandal": (
        "The series of reported incidents: scandals, news reports, revelations, apologies, "
        "the government's handling of the affair."
    ),
    "errors": (
        "The system or card is erroneous or malfunctioning, as a property of the system or "
        "as an error the writer or their family experienced."
    ),
    "relocation": (
        "The writer moved or is moving (including abroad or into a care home) and did not "
        "or will not re-apply."
    ),
    "other": (
        "Anything else: the holder died, reissued or duplicate card, not needed, PIN trouble, "
        "fear of losing the card, damaged card, expired certificate, empty answers."
    ),
}

# A text stating no primary reason: the most concrete cause wins (docs/labels.md).
PRIORITY: Final[tuple[str, ...]] = ("relocation", "errors", "scandal", "system_distrust", "other")


_NAMED: Final[dict[str, str]] = {label: label for label in LABELS} | {
    unicodedata.normalize("NFKC", name).lower(): label for label, name in LABEL_JA.items()}


def label_from_text(value: object) -> str | None:
    """The label a cell names, as its code (relocation) or Japanese name (転居), ignoring
    width, case and surrounding spaces; None when it names none."""
    return _NAMED.get(unicodedata.normalize("NFKC", str(value or "")).strip().lower())
