"""Where a job's header row is and what it names: found in the upload, or the row the clerk
picked from the preview; and the preview itself, as the job page shows it."""

import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from henno.forms.columns import find_text_column
from henno.forms.preview import Preview, preview
from henno.forms.source import DEFAULT_LIMITS, Limits
from henno.forms.streams import StreamFormat, open_source
from henno.model.errors import FormFileError
from henno.review.record_ids import find_id_column
from henno.review.redaction import redact_for_storage, redact_record_id
from henno.service.ui.job_record import Job
from henno.service.ui.job_views import column_letter

# A file may have a million columns: the preview shows those a clerk can take in.
PREVIEW_COLUMNS = 20


@dataclass(frozen=True)
class Header:
    columns: list[str]
    number: int  # as Excel shows it
    text_column: int | None  # the column that looks like the reason, if any
    id_column: int | None  # the column that looks like a form number (受付番号)


def read_header(path: Path, fmt: StreamFormat, row: int | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Header:
    """The header found in the file, or row `row`; raises FormFileError as open_source does."""
    source = open_source(path, fmt, limits=limits, header_row=row)
    source.close()
    try:
        detected: int | None = find_text_column(source.columns)
    except FormFileError:
        detected = None
    return Header(source.columns, source.header_number, detected, find_id_column(source.columns))


def with_header(job: Job, header: Header, chosen: int | None) -> Job:
    return replace(job, columns=header.columns, detected=header.text_column,
                   id_detected=header.id_column, header_row=chosen, header_number=header.number)


def _hidden(cell: str) -> str:
    # A 受付番号 or a date stays readable; a cell with contact data is someone's: its names go
    # too (redact_record_id masks only the contact data there). Spaces may differ:
    # redact_record_id drops those around its numbers. A cell with nothing to hide is shown
    # as written — its spaces and full-width brackets kept, never the NFKC form redaction
    # compares by (the page says the preview is the file as Excel shows it).
    if not cell:
        return ""
    shown = redact_record_id(cell)
    kept = "".join(shown.split()) == "".join(unicodedata.normalize("NFKC", cell).split())
    return cell if kept else redact_for_storage(shown)


@dataclass(frozen=True)
class ShownPreview:
    rows: list[tuple[int, list[str]]]
    header_number: int
    letters: list[str]
    more_columns: int  # columns not shown


def shown_preview(path: Path, job: Job, limits: Limits = DEFAULT_LIMITS) -> ShownPreview | None:
    """The first rows of the job's file, cut to PREVIEW_COLUMNS, personal data (names,
    phones, individual numbers) replaced as in 要確認: enough to tell a title from a header,
    never a resident's details on a screen. None when it cannot be read (the page then shows
    the columns alone)."""
    try:
        found: Preview = preview(path, job.format, limits=limits, header_row=job.header_row)
    except FormFileError:
        return None
    width = max((len(cells) for _, cells in found.rows), default=0)
    shown = min(width, PREVIEW_COLUMNS)
    rows = [(number, [_hidden(cell) for cell in (cells + [""] * shown)[:shown]])
            for number, cells in found.rows]
    return ShownPreview(rows, found.header_number,
                        [column_letter(n) for n in range(1, shown + 1)], width - shown)
