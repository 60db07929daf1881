"""The label_file handler: label a job's upload, write its report, queue the flagged rows
for review, and audit who labelled which file. Any worker on any host may run it: what it
needs is in the work item (the clerk's choices) and the job's folder (the files)."""

import logging
import os
import shutil
from collections.abc import Callable
from typing import Any

from henno.audit import AuditAction, AuditTrail
from henno.forms.source import DEFAULT_LIMITS, Limits
from henno.labelling.counts import row_counts
from henno.labelling.job import LabelOptions, label_file
from henno.labelling.output_columns import ColumnSet
from henno.labelling.report import write_report
from henno.labelling.tally import Tally
from henno.model.classifier import Classifier
from henno.model.errors import HennoError
from henno.model.labels import LABELS
from henno.review.flagged import flagged_items
from henno.review.record_ids import Reading, located
from henno.review.redaction import redact_file_name
from henno.review.store import NewItem, ReviewStore
from henno.service.scratch import make_private
from henno.work.folders import JobFiles
from henno.work.items import WorkItem, WorkKind
from henno.work.runner import Progress, WorkFailed

logger = logging.getLogger(__name__)
NOT_QUEUED, ALREADY_QUEUED = "not_queued", "already_queued"
NO_MODEL, FILES_GONE = "no_model", "files_gone"


class TooManyRows(HennoError):
    """A job beyond the per-job row limit (one huge file must not hold a worker for long)."""

    code = "too_many_rows"

    def __init__(self, limit: int):
        super().__init__(f"the file has more than {limit} rows")
        self.limit = limit


class LabelHandler:
    kind = WorkKind.LABEL_FILE

    def __init__(self, files: JobFiles, classifier: Callable[[], Classifier | None],
                 store: Callable[[], ReviewStore | None], *, max_rows: int,
                 limits: Limits = DEFAULT_LIMITS, audit: AuditTrail | None = None) -> None:
        self.files, self.classifier, self.store = files, classifier, store
        self.max_rows, self.limits, self.audit = max_rows, limits, audit

    def run(self, item: WorkItem, progress: Progress) -> dict[str, Any]:
        meta, classifier = self.files.read_meta(item.id), self.classifier()
        if meta is None:
            raise WorkFailed(FILES_GONE)
        if classifier is None:
            raise WorkFailed(NO_MODEL)
        try:
            tally, flagged = self._label(item, meta, classifier, progress)
        except TooManyRows as exc:
            raise WorkFailed(exc.code, {"limit": exc.limit}) from None
        except HennoError as exc:
            raise WorkFailed(exc.code) from None
        finally:
            self.files.remove_partials(item.id)
        return {"rows": tally.rows, "flagged": len(flagged),
                "counts": dict(zip(LABELS, tally.counts(), strict=True)),
                "mentions": dict(zip(LABELS, tally.mention_counts(), strict=True)),
                "row_counts": dict(row_counts(tally).japanese()),
                "notice": self._queue(flagged)}

    def _label(self, item: WorkItem, meta: dict[str, Any], classifier: Classifier,
               progress: Progress) -> tuple[Tally, list[NewItem]]:
        params, fmt, files = item.params, item.params["format"], self.files
        names = [meta["columns"][index] for index in params.get("group_columns", [])]
        # The page's download is for people: the Japanese label columns; an API job may ask
        # for the machine ones, as /v1/label-file gives them.
        options = LabelOptions(text_column_index=params["text_column"], group_by=names,
                               columns=ColumnSet(params.get("columns", ColumnSet.JA)),
                               header_row=params.get("header_row"),
                               limits=self.limits)
        flagged: list[NewItem] = []

        def on_progress(rows: int, fraction: float | None) -> None:
            if rows > self.max_rows:
                raise TooManyRows(self.max_rows)
            progress(rows, fraction)

        def to_review(first_row: int, cells: list[Any], added: list[list[Any]]) -> None:
            # Numbered by data row here; renumbered as Excel shows them below.
            flagged.extend(flagged_items(meta["filename"], first_row, cells, added, 0,
                                         params.get("file_hash") or None))

        source, output = files.input(item.id, fmt), files.partial(item.id, f".{fmt}")
        tally = label_file(source, output, classifier, options, show_progress=False,
                           on_chunk=to_review, on_progress=on_progress)
        progress()  # deleted meanwhile: no report
        report = files.partial(item.id)
        # The report opened from the page links back to it.
        write_report(tally, classifier.metadata, report, sources=[meta["filename"]],
                     app_link="/")
        reading = Reading(fmt, params.get("header_row"), limits=self.limits)
        flagged = located(flagged, source, reading, params.get("id_column"))
        shutil.rmtree(files.report_dir(item.id), ignore_errors=True)  # an earlier, stopped run
        os.replace(report, files.report_dir(item.id))
        os.replace(output, files.output_file(item.id, fmt))
        make_private(files.folder(item.id))
        return tally, flagged

    def _queue(self, flagged: list[NewItem]) -> str:
        """Queued only once the file is labelled whole: a failed job leaves no items."""
        store = self.store()
        try:
            if store is not None and flagged and store.add_items(flagged) == 0:
                return ALREADY_QUEUED
        except HennoError as exc:  # the labelled file is still good: offer it
            logger.error("flagged rows not queued", extra={"error_code": exc.code})
            return NOT_QUEUED
        return ""

    def finished(self, item: WorkItem, result: dict[str, Any]) -> None:
        """Who labelled which file (its name redacted as the review store keeps it)."""
        meta = self.files.read_meta(item.id) or {}
        if self.audit is None:
            return
        try:
            self.audit.record(item.owner, AuditAction.FILE_LABELLED, job=item.id,
                              file=redact_file_name(str(meta.get("filename", "")))[:255],
                              rows=int(result["rows"]))
        except HennoError as exc:  # the file is labelled; the log says the entry is missing
            logger.error("file_labelled not audited", extra={"error_code": exc.code})

    def abandoned(self, item: WorkItem) -> None:
        """Deleted while it ran: remove what it wrote since."""
        self.files.remove(item.id)
