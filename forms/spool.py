"""Where openpyxl spools a sheet while it writes an .xlsx: beside the output, never in the
system temp folder.

openpyxl writes each sheet's XML to a `NamedTemporaryFile` in the system temp folder
(`openpyxl.worksheet._writer.create_temporary_file`) before zipping it; a process killed
meanwhile leaves residents' rows there, outside henno's private folders. Here each sheet is
spooled to `.{output.name}.*` in the output's own folder (for the page: the job's private
folder), where a failed or killed run's leftovers can be found and removed. Nothing global is
changed, so several threads can write workbooks at once.
"""

import contextlib
import datetime
import os
import tempfile
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter


def spool_path(output: Path, suffix: str) -> Path:
    """A new empty file beside `output`, named `.{output.name}.<random><suffix>`."""
    descriptor, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.",
                                        suffix=suffix)
    os.close(descriptor)
    return Path(name)


class SpoolWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer, spooling to a file henno chose."""

    def cleanup(self) -> None:
        # openpyxl's own cleanup also drops the name from its list of system temp files,
        # where this one never was.
        Path(self.out).unlink(missing_ok=True)

    def abandon(self) -> None:
        """Stop writing (after a failure) and remove the spool file."""
        with contextlib.suppress(Exception):  # e.g. a full disk again; the file goes anyway
            self.close()
        self.cleanup()


def stream_sheet(sheet: Any, output: Path) -> SpoolWriter:
    """Give a write-only sheet a writer spooling beside `output`, before its first row."""
    writer = SpoolWriter(sheet, out=str(spool_path(output, ".sheet.xml")))
    writer.write_top()
    sheet._writer = writer  # what WriteOnlyWorksheet._get_writer would otherwise create
    return writer


class _SpoolingExcelWriter(ExcelWriter):  # type: ignore[misc]
    def __init__(self, workbook: Any, archive: ZipFile, output: Path):
        super().__init__(workbook, archive)
        self.output = output

    def write_worksheet(self, ws: Any) -> None:
        if self.workbook.write_only:  # its sheets already spool where stream_sheet said
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = SpoolWriter(ws, out=str(spool_path(self.output, ".sheet.xml")))
        try:
            writer.write()
            ws._rels = writer._rels
            self._archive.write(writer.out, ws.path[1:])
            self.manifest.append(ws)
        finally:
            writer.abandon()


def save_workbook(book: Any, target: Path, output: Path) -> None:
    """Save `book` to `target`, spooling its sheets beside `output`."""
    book.properties.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _SpoolingExcelWriter(book, archive, output).save()
