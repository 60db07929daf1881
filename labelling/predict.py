"""Turning a chunk of text cells into the appended label columns, in this or a worker process."""

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from henno.labelling.output_columns import EMPTY_TEXT, MACHINE_COLUMNS, UNDECODABLE_TEXT
from henno.labelling.reason_cells import counted_reasons
from henno.model.classifier import Classifier, Prediction
from henno.model.labels import LABELS

# What labelling computes for every row; henno.labelling.output_columns shows it to people.
ADDED_COLUMNS = MACHINE_COLUMNS
_worker_classifier: Classifier | None = None
# henno.forms.streams reads with errors="surrogateescape": undecodable bytes become these.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


class CellProblem(str):
    """Stands for a cell that could not be read at all; its value is the reason."""

    for_review = True  # a person should look at the row (not so for a 合計 row)


def cell_problem(cell: Any) -> str | None:
    """Why a cell cannot be labelled, or None."""
    if isinstance(cell, CellProblem):
        return str(cell)
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return EMPTY_TEXT
    if isinstance(cell, str) and _UNDECODABLE.search(cell):
        return UNDECODABLE_TEXT
    return None


def label_cells(classifier: Classifier, cells: list[Any], digits: int = 6) -> list[list[Any]]:
    """ADDED_COLUMNS values for each cell, scores rounded to `digits`; cells that cannot be
    labelled get an error. The reasons are a list of labels (each file writes it its way)."""
    problems = [cell_problem(cell) for cell in cells]
    rows: list[list[Any]] = [["", "", "", getattr(cell, "for_review", True),
                              *[""] * len(LABELS), [], problem]
                             for cell, problem in zip(cells, problems)]
    ok = [i for i, problem in enumerate(problems) if problem is None]
    # Predictions, not predict_proba's argmax: the label is the one the guideline's rules
    # choose among the text's reasons.
    predictions = classifier.predict([str(cells[i]) for i in ok]) if ok else []
    for i, prediction in zip(ok, predictions):
        rows[i] = _values(prediction, digits)
    return rows


def _values(prediction: Prediction, digits: int) -> list[Any]:
    scores = [round(prediction.scores[label], digits) for label in LABELS]
    return [prediction.label, prediction.label_ja, round(prediction.confidence, digits),
            prediction.needs_review, *scores, counted_reasons(prediction), ""]


@contextmanager
def ctrl_c_held_from_workers() -> Iterator[None]:
    """Workers started within ignore Ctrl+C from their first instruction (an ignored signal
    stays ignored across exec; a blocked one would not), so the parent alone stops the pool
    and no worker prints a traceback. Blocked meanwhile in this thread, a Ctrl+C waits for
    the parent's handler, unless another thread (numpy's) takes it in these milliseconds."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread sets handlers; the service labels in-process anyway
        return
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)


def init_worker(version_dir: str) -> None:
    """Pool initializer: each worker process loads (and hash-checks) the model once."""
    global _worker_classifier
    # Ctrl+C reaches the whole process group: the parent stops the pool, workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_classifier = Classifier.load(Path(version_dir))


def label_cells_in_worker(cells: list[Any]) -> list[list[Any]]:
    assert _worker_classifier is not None
    return label_cells(_worker_classifier, cells)
