"""One labelling job of the page, run on a worker thread: label the upload, write the report,
queue the flagged rows. The job stops at its row limit, or when the clerk deletes it."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from henno.labelling.counts import row_counts
from henno.labelling.job import LabelOptions, label_file
from henno.labelling.report import write_report
from henno.model.classifier import Classifier
from henno.model.errors import HennoError
from henno.model.labels import LABELS
from henno.review.flagged import flagged_items
from henno.review.record_ids import Reading, located
from henno.review.store import NewItem, ReviewStore
from henno.service.ui.job_record import Job, JobStatus, TooManyRows

logger = logging.getLogger(__name__)
NOT_QUEUED = "要確認の一覧に追加できませんでした（確認データベースに接続できません）"
ALREADY_QUEUED = ("このファイルの要確認の行は、"
                  "前に同じファイルをアップロードしたときに一覧に入っています")


class JobCancelled(Exception):
    """The clerk deleted the job while it ran; raised from the progress callback, so the
    label loop stops between chunks and discards its partial output."""


@dataclass(frozen=True)
class JobRun:
    """What a job needs from FileJobs: where its files go, how to save and when to stop."""

    source: Path
    output: Path
    report_dir: Path
    save: Callable[[Job], None]
    cancelled: Callable[[], bool]
    max_rows: int


def run_job(run: JobRun, job: Job, options: LabelOptions, classifier: Classifier,
            store: ReviewStore | None) -> Job:
    """Label the job's file and return the job as done; raises JobCancelled, TooManyRows and
    the labelling's HennoErrors, having written nothing the clerk could download."""
    if run.cancelled():
        raise JobCancelled
    job = replace(job, status=JobStatus.RUNNING)
    run.save(job)
    flagged: list[NewItem] = []

    def progress(rows: int, fraction: float | None) -> None:
        if run.cancelled():
            raise JobCancelled
        if rows > run.max_rows:
            raise TooManyRows(run.max_rows)
        run.save(replace(job, rows=rows, fraction=fraction))

    def to_review(first_row: int, cells: list[Any], added: list[list[Any]]) -> None:
        # Numbered by data row here; renumbered as Excel shows them below.
        flagged.extend(flagged_items(job.filename, first_row, cells, added, 0,
                                     job.file_hash or None))

    tally = label_file(run.source, run.output, classifier, options, show_progress=False,
                       on_chunk=to_review, on_progress=progress)
    if run.cancelled():
        raise JobCancelled
    # The report opened from the page links back to it.
    write_report(tally, classifier.metadata, run.report_dir, sources=[job.filename],
                 app_link="/")
    reading = Reading(job.format, job.header_row, limits=options.limits)
    flagged = located(flagged, run.source, reading, job.id_column)
    counts = dict(zip(LABELS, tally.counts(), strict=True))
    job = replace(job, rows=tally.rows, fraction=1.0, flagged=len(flagged), counts=counts,
                  row_counts=dict(row_counts(tally).japanese()))
    # Queued only once the file is labelled whole: a failed job leaves no items.
    try:
        if store is not None and flagged and store.add_items(flagged) == 0:
            job = replace(job, notice=ALREADY_QUEUED)
    except HennoError as exc:  # the labelled file is still good: offer it
        logger.error("flagged rows not queued", extra={"error_code": exc.code})
        job = replace(job, notice=NOT_QUEUED)
    return replace(job, status=JobStatus.DONE)
