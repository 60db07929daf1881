"""The reasons column: written from a prediction's counted reasons, read back as written or
as a clerk edited it."""

from typing import Any

import pytest

from henno.labelling.reason_cells import counted_reasons, parse_reasons, reasons_text
from henno.model.classifier import Prediction, Reason, Rule
from henno.model.labels import LABEL_JA


def _reason(label: str, start: int, denied: bool = False) -> Reason:
    return Reason(label, LABEL_JA[label], 0.5, ((start, start + 2),), denied, False)


def _prediction(*reasons: Reason) -> Prediction:
    return Prediction("relocation", "転居", 0.6, {}, False, "v1", reasons, Rule.PRIORITY)


@pytest.mark.parametrize(("reasons", "counted"), [
    ((_reason("relocation", 0), _reason("scandal", 5)), ["relocation", "scandal"]),
    ((_reason("scandal", 0), _reason("relocation", 5)), ["relocation", "scandal"]),
    ((_reason("other", 0), _reason("system_distrust", 3), _reason("errors", 5)),
     ["errors", "system_distrust", "other"]),
    ((_reason("relocation", 0, denied=True), _reason("scandal", 5)), ["scandal"]),
    ((_reason("errors", 0), _reason("errors", 5)), ["errors"]),
    ((), []),
])
def test_counted_reasons_leave_out_denied_ones_in_priority_order(reasons: tuple[Reason, ...],
                                               counted: list[str]) -> None:
    assert counted_reasons(_prediction(*reasons)) == counted


@pytest.mark.parametrize(("labels", "japanese", "text"), [
    (["relocation", "scandal"], False, "relocation;scandal"),
    (["relocation", "scandal"], True, "転居、相次ぐ不祥事"),
    (["errors", "other"], True, "誤り・不具合、その他"),
    (["other", "relocation"], False, "relocation;other"),
    ([], True, ""),
])
def test_reasons_text(labels: list[str], japanese: bool, text: str) -> None:
    assert reasons_text(labels, japanese) == text


@pytest.mark.parametrize(("cell", "labels", "unknown"), [
    ("relocation;scandal", ["relocation", "scandal"], []),
    ("転居、相次ぐ不祥事", ["relocation", "scandal"], []),
    ("転居、誤り・不具合、その他", ["relocation", "errors", "other"], []),
    ("転居・相次ぐ不祥事", ["relocation", "scandal"], []),  # as 0.3-0.4 wrote them
    ("転居・誤り・不具合", ["relocation", "errors"], []),
    ("誤り・不具合・転居", ["errors", "relocation"], []),
    ("転居、その他", ["relocation", "other"], []),
    (" ＲＥＬＯＣＡＴＩＯＮ ; scandal ", ["relocation", "scandal"], []),
    (["転居", "相次ぐ不祥事"], ["relocation", "scandal"], []),
    (["relocation", "relocation"], ["relocation"], []),
    ("転居・引っ越し", ["relocation"], ["引っ越し"]),
    ("", [], []),
    (None, [], []),
])
def test_parse_reasons(cell: Any, labels: list[str], unknown: list[str]) -> None:
    assert parse_reasons(cell) == (labels, unknown)
