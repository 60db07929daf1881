"""The several-reasons corpus (data/reasons_*.csv): format, labels by the rules, evidence,
no near-duplicates, size and split."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from henno.model.labels import LABELS, PRIORITY
from tests.conftest import REPO, TEST_CSV, TRAIN_CSV, read_rows
from tests.data.test_corpus import near_duplicate_pairs, trigrams

REASONS_TRAIN = REPO / "data" / "reasons_train.csv"
REASONS_TEST = REPO / "data" / "reasons_test.csv"
COLUMNS = ["text", "label", "reasons", "main", "denied", "evidence", "styles"]
STYLES = {"priority", "main_reason", "negation", "list", "single", "english", "mixed",
          "dialect", "long", "short", "polite", "casual", "elderly", "typos", "width",
          "emoji", "greetings", "new_events", "passing_mention"}
# Stricter than the corpus's 0.8: the writers' own bar, so rows are not template expansions.
NEAR_DUPLICATE = 0.6
Row = dict[str, str]


def read_reasons(path: Path) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS, reader.fieldnames
        return list(reader)


def labels_of(cell: str) -> list[str]:
    return [label for label in cell.split(";") if label]


def primary(reasons: list[str], main: str) -> str:
    """LABELS.md's rules: the stated main reason, otherwise the priority order."""
    return main or min(reasons, key=PRIORITY.index)


def row_problems(row: Row) -> list[str]:
    reasons, denied = labels_of(row["reasons"]), labels_of(row["denied"])
    problems = [f"unknown label {label}" for label in reasons + denied if label not in LABELS]
    if not reasons:
        return [*problems, "no counted reason"]
    if len(set(reasons)) != len(reasons):
        problems.append("reasons repeats a label")
    if set(reasons) & set(denied):
        problems.append("a label is both counted and denied")
    if row["main"] and row["main"] not in reasons:
        problems.append("main is not one of reasons")
    if not problems and row["label"] != primary(reasons, row["main"]):
        problems.append(f"label {row['label']} but the rules give {primary(reasons, row['main'])}")
    if set(labels_of(row["styles"])) - STYLES:
        problems.append(f"unknown styles {sorted(set(labels_of(row['styles'])) - STYLES)}")
    if len(reasons) == 1 and not denied and "single" not in labels_of(row["styles"]):
        problems.append("one reason and nothing denied but not styled single")
    return problems + evidence_problems(row, reasons, denied)


def evidence_problems(row: Row, reasons: list[str], denied: list[str]) -> list[str]:
    problems, seen = [], set()
    for entry in (e.strip() for e in row["evidence"].split("|") if e.strip()):
        match = re.fullmatch(r"(!?)([a-z_]+):(.+)", entry)
        if not match:
            problems.append(f"evidence {entry!r} is not label:phrase or !label:phrase")
            continue
        negated, label, phrase = match.groups()
        if phrase not in row["text"]:
            problems.append(f"evidence {phrase!r} is not verbatim in the text")
        seen.add((bool(negated), label))
    problems += [f"no evidence for {label}" for label in reasons if (False, label) not in seen]
    problems += [f"no evidence for denied {label}" for label in denied if (True, label) not in seen]
    return problems


@pytest.fixture(scope="module")
def train() -> list[Row]:
    return read_reasons(REASONS_TRAIN)


@pytest.fixture(scope="module")
def test() -> list[Row]:
    return read_reasons(REASONS_TEST)


@pytest.mark.parametrize(("change", "problem"), [
    ({}, None),
    ({"label": "scandal"}, "label scandal but the rules give relocation"),
    ({"main": "errors", "label": "errors"}, None),
    ({"main": "other"}, "main is not one of reasons"),
    ({"denied": "errors", "evidence": "relocation:引っ越す | errors:読めなかった | !errors:病院"},
     "a label is both counted and denied"),
    ({"denied": "other"}, "no evidence for denied other"),
    ({"reasons": "relocation;relocation;errors"}, "reasons repeats a label"),
    ({"reasons": "relocation;moving"}, "unknown label moving; no evidence for moving"),
    ({"evidence": "relocation:引っ越す"}, "no evidence for errors"),
    ({"evidence": "relocation:引っ越し | errors:読めなかった"},
     "evidence '引っ越し' is not verbatim in the text"),
    ({"evidence": "relocation 引っ越す | errors:読めなかった"},
     "evidence 'relocation 引っ越す' is not label:phrase or !label:phrase; "
     "no evidence for relocation"),
    ({"styles": "priority;fancy"}, "unknown styles ['fancy']"),
    ({"reasons": "relocation", "evidence": "relocation:引っ越す", "styles": "priority"},
     "one reason and nothing denied but not styled single"),
])
def test_row_problems_finds(change: Row, problem: str | None) -> None:
    row = {"text": "来月引っ越すし、病院でカードが読めなかったので", "label": "relocation",
           "reasons": "relocation;errors", "main": "", "denied": "",
           "evidence": "relocation:引っ越す | errors:読めなかった", "styles": "priority"} | change
    assert row_problems(row) == (problem.split("; ") if problem else [])


@pytest.mark.parametrize("name", ["train", "test"])
def test_every_row_is_well_formed(name: str, request: pytest.FixtureRequest) -> None:
    rows: list[Row] = request.getfixturevalue(name)
    problems = [(line, p) for line, row in enumerate(rows, start=2) for p in row_problems(row)]
    assert problems == []


def test_corpus_is_large_with_several_reasons(train: list[Row], test: list[Row]) -> None:
    rows = train + test
    assert len(rows) >= 1500
    assert sum(len(labels_of(row["reasons"])) >= 2 for row in rows) >= 800


def test_split_is_about_80_20_in_every_label(train: list[Row], test: list[Row]) -> None:
    train_counts = Counter(row["label"] for row in train)
    test_counts = Counter(row["label"] for row in test)
    assert 0.17 <= len(test) / (len(train) + len(test)) <= 0.23
    for label in LABELS:
        assert 0.15 <= test_counts[label] / (train_counts[label] + test_counts[label]) <= 0.25


def test_every_rule_style_is_in_both_files(train: list[Row], test: list[Row]) -> None:
    for rows in (train, test):
        styles = Counter(s for row in rows for s in labels_of(row["styles"]))
        for style in ("priority", "main_reason", "negation", "list", "english", "mixed",
                      "dialect", "long"):
            assert styles[style] >= 25, (style, styles[style])


def test_no_near_duplicates_within_or_across_the_split(train: list[Row], test: list[Row]) -> None:
    texts = [row["text"] for row in train + test]
    assert near_duplicate_pairs(texts, NEAR_DUPLICATE) == []


def test_no_near_duplicates_of_the_labelled_corpus(train: list[Row], test: list[Row]) -> None:
    corpus = [text for text, _ in read_rows(TRAIN_CSV) + read_rows(TEST_CSV)]
    corpus += [text for text, _ in read_rows(REPO / "data" / "independent_eval.csv")]
    texts = [row["text"] for row in train + test]
    pairs = near_duplicate_pairs(texts + corpus, NEAR_DUPLICATE)
    across = [(texts[i][:30], corpus[j - len(texts)][:30]) for i, j, _ in pairs
              if i < len(texts) <= j]
    assert across == []


def test_trigrams_fold_width_and_case() -> None:
    assert trigrams("ＡＢＣ") == trigrams("abc") == {"abc"}
