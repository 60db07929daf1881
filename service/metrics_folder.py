"""The folder where `henno serve --workers N` workers share their metrics.

No prometheus_client import here: the variable must be set before a worker imports it."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


@contextmanager
def shared_metrics(state_dir: Path, workers: int) -> Iterator[Path | None]:
    """A private folder under `state_dir` named in the environment the workers inherit,
    removed afterwards; nothing for one worker, which keeps its metrics in memory."""
    if workers < 2:
        yield None
        return
    state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Fresh per start: counters a previous run left behind must not be added to this one's.
    folder = Path(tempfile.mkdtemp(prefix="metrics-", dir=state_dir))
    os.environ[MULTIPROC_VARIABLE] = str(folder)
    try:
        yield folder
    finally:
        os.environ.pop(MULTIPROC_VARIABLE, None)
        shutil.rmtree(folder, ignore_errors=True)
