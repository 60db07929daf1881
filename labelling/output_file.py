"""Choosing the writer of a labelled file: the input workbook kept with the label columns
added (henno.forms.workbook), or the rows streamed to a new file (henno.forms.sink)."""

from pathlib import Path
from typing import Any, Protocol

from henno.forms.sink import Sink
from henno.forms.source import Source
from henno.forms.workbook import CannotKeep, KeptWorkbook, keepable
from henno.labelling.output_columns import ColumnSet, OutputLayout


class Output(Protocol):
    def write(self, rows: list[Any]) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


def open_output(source_path: Path, output: Path, source: Source, encoding: str,
                layout: OutputLayout) -> Output:
    """The writer of `output`: an .xlsx input small enough to load whole is kept as it is
    (every sheet, format and formula) with the label columns added; anything else is
    streamed, an .xlsx then as the labelled sheet alone."""
    if source.format == "xlsx" and keepable(source_path):
        try:
            return KeptWorkbook(source_path, output, source.sheet_title, source.header_number,
                                source.columns, layout.replaced, layout.added_names)
        except CannotKeep:
            pass  # e.g. a workbook openpyxl cannot load whole: the labelled sheet alone
    # A file for people is opened in Excel: its CSV cells must not run as formulas.
    return Sink(output, source.format, encoding, source.line_terminator, source.sheet_title,
                for_excel=layout.columns is ColumnSet.JA)
