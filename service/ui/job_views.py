"""What the file pages show of a job: the columns to choose from and how far its review has
got in 要確認."""

from pathlib import Path

from henno.forms.shown import may_be_data
from henno.model.errors import HennoError
from henno.review.store import ReviewStore
from henno.service.ui.job_record import Job

# A file may have a thousand columns: the picker lists the first ones (and the detected ones).
MAX_LISTED_COLUMNS = 200
EXCEL_ROWS = 1_048_576
SUMMARY_FILES = ("summary.xlsx", "summary.csv")
Column = tuple[str, str, bool]  # (number, "D: name" as shown, preselected)


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA: the column as Excel names it."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def columns(job: Job, chosen: int | None) -> list[Column]:
    """The columns listed, `chosen` preselected, named by their letter as in Excel and the
    preview (JSON Lines have no letters: by number). Numbers, not names, go into the form:
    headers may repeat, and a file without a header row has a resident's reason in its
    "header" (never shown)."""
    mark = str if job.format == "jsonl" else column_letter
    return [(str(number), f"{mark(number)}: {_name(name)}", number - 1 == chosen)
            for number, name in enumerate(job.columns, 1)
            if number <= MAX_LISTED_COLUMNS or number - 1 in (job.detected, job.id_detected)]


def _name(header: str) -> str:
    if may_be_data(header):  # a resident's text, perhaps: this row is no header
        return "（この行は見出しではないようです）"
    return str(header) if header not in (None, "") else "（見出しなし）"


def column_index(job: Job, number: str) -> int | None:
    if not number.isdigit() or not 1 <= int(number) <= len(job.columns):
        return None
    return int(number) - 1


def row_number(text: str) -> int | None:
    """A row number as Excel shows it (1 to 1,048,576), from a form field."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(EXCEL_ROWS)):
        return None
    number = int(text)
    return number if 1 <= number <= EXCEL_ROWS else None


def report_files(folder: Path) -> list[str]:
    """The tables beside the report that the page offers for download."""
    return [name for name in SUMMARY_FILES if (folder / name).is_file()]


def review_progress(store: ReviewStore | None,
                    jobs: list[Job]) -> dict[str, tuple[int, int]] | None:
    """file hash -> (pending, decided) items of these jobs' files; None when the store is
    down (the page still lists the files)."""
    if store is None:
        return None
    try:
        return store.file_progress({job.file_hash for job in jobs if job.file_hash})
    except HennoError:
        return None
