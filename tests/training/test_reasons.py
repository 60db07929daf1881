"""Clause targets from the evidence column, the multi-label metrics, the folds of the
finder's comparison."""

from dataclasses import replace

import pytest

from henno.model.reasons import CLAUSE_CLASSES
from henno.training.compare_reasons import tables
from henno.training.dataset import load_dataset
from henno.training.metrics import mention_metrics
from henno.training.reasons import FOLDS, ReasonRow, clause_target, load_reason_rows, row_folds
from henno.training.report import reasons_section
from tests.conftest import TRAIN_CSV

TEXT = "転勤もありますが、それは関係ありません。不祥事の報道が一番の理由です。よろしく"
ROW = ReasonRow(TEXT, "scandal", ("scandal",), "scandal", ("relocation",),
                ((True, "relocation", "転勤もありますが、それは関係ありません"),
                 (False, "scandal", "不祥事の報道")), ("negation", "main_reason"))


@pytest.mark.parametrize(("clause", "target"), [
    ("転勤もありますが、", ("relocation", 1, 0)),
    ("それは関係ありません。", ("relocation", 1, 0)),
    ("不祥事の報道が一番の理由です。", ("scandal", 0, 1)),
    ("よろしく", ("none", 0, 0)),
])
def test_clause_target_comes_from_the_evidence(clause: str, target: tuple[str, int, int]) -> None:
    start = TEXT.index(clause)
    label, denied, main = clause_target(ROW, (start, start + len(clause)))
    assert (CLAUSE_CLASSES[label], denied, main) == target


def test_mention_metrics_count_each_label_and_whole_sets() -> None:
    metrics = mention_metrics([{"relocation", "errors"}, {"other"}, {"scandal"}],
                              [{"relocation"}, {"other"}, {"scandal", "errors"}])
    assert metrics["exact_set_accuracy"] == pytest.approx(1 / 3)
    assert metrics["mentioned_f1"] == {"system_distrust": 0.0, "scandal": 1.0, "errors": 0.0,
                                       "relocation": 1.0, "other": 1.0}


def test_report_has_a_several_reasons_section_only_when_measured() -> None:
    found = {"accuracy": 0.8, "macro_f1": 0.79, "rule_styles_n": 3, "rule_styles_accuracy": 2 / 3,
             "exact_set_accuracy": 0.5, "n": 4,
             "mentioned_f1": {"relocation": 1.0, "other": 0.5}}
    assert reasons_section(None) == ""
    assert reasons_section(found).splitlines() == [
        "## Several reasons (reasons_test.csv)",
        "Primary label: accuracy 0.8000, macro-F1 0.7900; rows decided by the rules (3): "
        "accuracy 0.6667. Exact set of reasons: 0.5000 of 4 rows.",
        "", "| label | F1 of mentioned |", "|---|---|", "| relocation | 1.000 |",
        "| other | 0.500 |"]


def test_row_folds_are_stratified_and_drawn_by_the_seed() -> None:
    labels = ["relocation"] * 50 + ["other"] * 25
    folds = row_folds(labels, seed=0)
    for fold in range(FOLDS):
        held = [label for label, f in zip(labels, folds) if f == fold]
        assert (held.count("relocation"), held.count("other")) == (10, 5)
    assert (row_folds(labels, seed=0) == folds).all()
    assert (row_folds(labels, seed=1) != folds).any()


def test_the_comparison_averages_the_finders_draws_of_folds() -> None:
    corpus = load_dataset(TRAIN_CSV)
    keep = [i for i in range(len(corpus.texts)) if i % 8 == 0]
    small = replace(corpus, texts=[corpus.texts[i] for i in keep],
                    labels=[corpus.labels[i] for i in keep])
    rows = load_reason_rows(TRAIN_CSV.with_name("reasons_train.csv"))[::6]
    table = tables(small, rows, seeds=2)
    lines = table.splitlines()
    assert sum(line.startswith("| (") for line in lines) == 4
    assert "means over 2 draws of the folds" in table
    assert "(c) rule styles 0." in table
