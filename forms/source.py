"""An open form file being read: its header, its rows in chunks, and how far reading has got."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from henno.model.errors import FormFileError

StreamFormat = Literal["csv", "xlsx", "jsonl"]
FORMATS: tuple[StreamFormat, ...] = ("csv", "xlsx", "jsonl")
DEFAULT_MAX_ROWS = 500_000  # henno.settings.Settings.max_sheet_rows
DEFAULT_MAX_COLUMNS = 1000  # henno.settings.Settings.max_sheet_columns


@dataclass(frozen=True)
class Limits:
    """How much of a file is read before it is refused (the service and the CLI pass their
    settings; these defaults are the settings' own)."""

    max_rows: int = DEFAULT_MAX_ROWS
    max_columns: int = DEFAULT_MAX_COLUMNS


DEFAULT_LIMITS = Limits()
NO_FORMULAS: frozenset[int] = frozenset()


class SheetRow(list[Any]):
    """The values of one sheet row (None where no cell), its number as Excel shows it and the
    0-based columns whose cell is a formula (the value is then the formula's cached result)."""

    __slots__ = ("formulas", "number")  # millions of rows: no __dict__ each

    def __init__(self, values: list[Any], number: int, formulas: frozenset[int] = NO_FORMULAS):
        list.__init__(self, values)  # not super(): this runs once per row of the file
        self.number = number
        self.formulas = formulas


@dataclass
class Source:
    """An open input: its header, its rows in chunks, and how far reading has got."""

    columns: list[str]
    format: StreamFormat
    encoding: str
    rows: Iterator[Any]
    handle: IO[bytes] | None
    total_bytes: int
    line_terminator: str = "\r\n"
    sheet_title: str = "labelled"
    closer: Callable[[], None] | None = None
    # Rows above the header (a title, notes, blank rows): kept as they are, never labelled.
    preamble: list[Any] = field(default_factory=list)
    header_number: int = 1  # the header's row number as Excel shows it

    def chunks(self, size: int) -> Iterator[list[Any]]:
        chunk: list[Any] = []
        for row in self.rows:
            chunk.append(row)
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def bytes_read(self) -> int:
        if self.handle is None:
            return 0
        try:
            return int(self.handle.tell())
        except (OSError, ValueError):
            return 0

    def fraction_read(self) -> float | None:
        """How much of the input has been read, 0..1; None when that cannot be known."""
        done = self.bytes_read()
        if not done or not self.total_bytes:
            return None
        return min(done / self.total_bytes, 1.0)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        if self.closer is not None:
            self.closer()


def too_many_rows(limit: int) -> FormFileError:
    return FormFileError(f"the file has more than {limit:,} rows; split it into smaller files",
                         code="too_many_rows")


def too_many_columns(limit: int) -> FormFileError:
    return FormFileError(f"the file has more than {limit:,} columns", code="too_many_columns")


def size_of(handle: IO[bytes]) -> int:
    return int(Path(handle.name).stat().st_size)
