"""Reading and validating a labelled CSV (columns `text,label`) before any training."""

import csv
import hashlib
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from henno.forms.columns import listing
from henno.forms.decoding import decode_text
from henno.model.errors import DatasetError
from henno.model.labels import LABELS, label_from_text

MIN_ROWS_PER_LABEL = 10
_SHOWN_LINES = 10


@dataclass(frozen=True)
class Dataset:
    texts: list[str]
    labels: list[str]
    sha256: str
    path: Path
    # Rows from clerks' reviews merged in (training/feedback.py), and corpus rows they replaced.
    feedback_rows: int = 0
    feedback_replaced: int = 0

    def label_counts(self) -> dict[str, int]:
        counts = Counter(self.labels)
        return {label: counts[label] for label in LABELS}


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:_SHOWN_LINES]))
    more = len(numbers) - _SHOWN_LINES
    return f"{shown} (and {more} more)" if more > 0 else shown


def decode(raw: bytes, name: str) -> str:
    """Text of a UTF-8, UTF-8-with-BOM or CP932 file; names the first bad line otherwise."""
    decoded = decode_text(raw)
    if decoded is not None:
        return decoded[0]
    bad = UnicodeDecodeError("utf-8", raw, 0, 1, "")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc
    line = raw[: bad.start].count(b"\n") + 1
    raise DatasetError(
        f"{name}: undecodable bytes on line {line}; save the file as UTF-8, UTF-8 with BOM "
        "or CP932 (Shift_JIS)"
    )


def _rows(text: str, name: str) -> list[tuple[int, str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("text", "label") if c not in columns]
    if missing:
        raise DatasetError(
            f"{name}: missing column(s) {', '.join(missing)}; found: {listing(columns)}"
        )
    reader.fieldnames = columns
    try:
        return [(reader.line_num, row["text"] or "", _label(row["label"])) for row in reader]
    except csv.Error as exc:
        message = f"{name}: not a valid CSV file near line {reader.line_num}: {exc}"
        raise DatasetError(message) from exc


def _label(written: str | None) -> str:
    """The label's code, also when written in Japanese (a labelled file's 判定 column); an
    unknown one as written, for the error message."""
    return label_from_text(written) or (written or "").strip()


def _problems(rows: list[tuple[int, str, str]], name: str, min_rows_per_label: int) -> list[str]:
    problems = []
    unknown = [line for line, _, label in rows if label not in LABELS]
    if unknown:
        problems.append(f"unknown label on line(s) {_lines(unknown)}; allowed: {', '.join(LABELS)}")
    empty = [line for line, text, _ in rows if not text.strip()]
    if empty:
        problems.append(f"empty text on line(s) {_lines(empty)}")
    labels_of: dict[str, set[str]] = defaultdict(set)
    lines_of: dict[str, list[int]] = defaultdict(list)
    for line, text, label in rows:
        labels_of[text.strip()].add(label)
        lines_of[text.strip()].append(line)
    conflicts = sorted(lines_of[t] for t, labels in labels_of.items() if len(labels) > 1 and t)
    for lines in conflicts[:_SHOWN_LINES]:
        problems.append(f"the same text has conflicting labels on lines {_lines(lines)}")
    counts = Counter(label for _, _, label in rows)
    for label in LABELS:
        if counts[label] < min_rows_per_label:
            problems.append(
                f"label {label} has {counts[label]} row(s); each label needs at least "
                f"{min_rows_per_label}"
            )
    return [f"{name}: {problem}" for problem in problems]


def check_rows(rows: list[tuple[int, str, str]], name: str,
               min_rows_per_label: int = MIN_ROWS_PER_LABEL) -> None:
    """Raise DatasetError listing every problem of (line, text, label) rows."""
    problems = _problems(rows, name, min_rows_per_label)
    if problems:
        raise DatasetError("\n".join(problems))


def load_dataset(path: Path, min_rows_per_label: int = MIN_ROWS_PER_LABEL) -> Dataset:
    """Read and validate a labelled CSV; raises DatasetError listing every problem found.
    Training needs MIN_ROWS_PER_LABEL rows of every label; evaluation may ask for none."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror}") from exc
    rows = _rows(decode(raw, str(path)), str(path))
    check_rows(rows, str(path), min_rows_per_label)
    return Dataset(
        texts=[text for _, text, _ in rows],
        labels=[label for _, _, label in rows],
        sha256=hashlib.sha256(raw).hexdigest(),
        path=path,
    )
