"""`henno label`: label every row of a form file into a new file, streaming in chunks."""

import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from henno.forms.columns import find_text_column
from henno.forms.sink import Sink
from henno.forms.streams import (
    DEFAULT_LIMITS,
    INVALID_LINE,
    MAX_CELL_CHARS,
    Limits,
    Source,
    StreamFormat,
    UnreadableRow,
    format_of,
    open_source,
)
from henno.labelling.output_columns import (
    REASONS_AT,
    ColumnSet,
    OutputLayout,
    machine_header,
    machine_record,
)
from henno.labelling.output_file import Output, open_output
from henno.labelling.predict import (
    ADDED_COLUMNS,
    CellProblem,
    ctrl_c_held_from_workers,
    init_worker,
    label_cells,
    label_cells_in_worker,
)
from henno.labelling.row_kinds import row_kind
from henno.labelling.tally import Tally
from henno.model.artifacts import verify_version
from henno.model.classifier import Classifier
from henno.model.errors import FormFileError

CHUNK_ROWS = 2000
__all__ = ["CHUNK_ROWS", "LabelOptions", "default_output", "label_cells", "label_file",
           "read_labelled"]


@dataclass
class LabelOptions:
    text_column: str | None = None
    text_column_index: int | None = None  # wins over the name: headers may repeat
    format: str | None = None
    encoding: str | None = None
    encoding_out: str | None = None
    sheet: str | None = None
    jobs: int = 1
    group_by: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    header_row: int | None = None  # 1-based, as Excel shows it; None: found in the file
    # The added columns: machine ones by default (the API's); `henno label` and the page
    # choose the Japanese ones for people.
    columns: ColumnSet = ColumnSet.EN


def labelled_name(filename: str, suffix: str | None = None) -> str:
    """forms.csv -> forms_labelled.csv (`suffix` replaces the extension when given)."""
    name = PurePath(filename)
    return f"{name.stem or 'form'}_labelled{name.suffix if suffix is None else suffix}"


def default_output(source: Path) -> Path:
    return source.with_name(labelled_name(source.name))


def _check_paths(source: Path, output: Path) -> None:
    if output.resolve() == source.resolve() or (output.exists() and output.samefile(source)):
        raise FormFileError(f"refusing to overwrite the input {source}; choose another -o",
                            code="same_file")
    if output.is_dir():
        raise FormFileError(f"the output {output} is a directory; name a file", code="is_dir")
    if not output.parent.is_dir():
        raise FormFileError(f"no such directory: {output.parent}", code="not_found")


_UNREADABLE_CELL = CellProblem(f"a cell longer than {MAX_CELL_CHARS:,} characters could not "
                               "be read")
_NOT_AN_OBJECT = CellProblem("the line is not a JSON object")


def _cells(source: Source, chunk: list[Any], column: int) -> list[Any]:
    if source.format == "jsonl":
        key = source.columns[column]
        return [_NOT_AN_OBJECT if INVALID_LINE in row else row.get(key) for row in chunk]
    return [_UNREADABLE_CELL if isinstance(row, UnreadableRow)
            else row[column] if column < len(row) else None for row in chunk]


def _reason_cells(source: Source, chunk: list[Any], column: int) -> list[Any]:
    """The cells to label; a row that is not a form (a 合計 row, a formula in the reason
    cell, a blank row) gives its NotAForm marker instead. Other columns keep their values:
    a formula in a tally column is data."""
    cells = _cells(source, chunk, column)
    if source.format == "jsonl":
        return cells
    return [cell if isinstance(row, UnreadableRow) else row_kind(row, column) or cell
            for row, cell in zip(chunk, cells)]


def _merge(layout: OutputLayout, source: Source, chunk: list[Any],
           added: list[list[Any]]) -> list[Any]:
    """Input rows with the label columns (henno.labelling.output_columns.OutputLayout)."""
    if source.format == "jsonl":
        return [layout.record(row, values) for row, values in zip(chunk, added)]
    return [layout.row(row, values) for row, values in zip(chunk, added)]


def _labelled_chunks(model: Classifier | Path, chunks: Iterator[list[Any]],
                     cells: Callable[[list[Any]], list[Any]],
                     jobs: int) -> Iterator[tuple[list[Any], list[Any], list[list[Any]]]]:
    """(chunk, its text cells, added columns) in input order. With jobs > 1 the model is
    loaded only in the workers and at most 2 * jobs chunks are in flight, so memory stays
    bounded."""
    if isinstance(model, Classifier):
        for chunk in chunks:
            texts = cells(chunk)
            yield chunk, texts, label_cells(model, texts)
        return
    verify_version(model)  # a worker failing to load would be restarted for ever
    context = multiprocessing.get_context("spawn")
    with ctrl_c_held_from_workers():
        pool = context.Pool(jobs, initializer=init_worker, initargs=(str(model),))
    with pool:
        pending: deque[tuple[list[Any], list[Any], Any]] = deque()
        for chunk in chunks:
            texts = cells(chunk)
            pending.append((chunk, texts, pool.apply_async(label_cells_in_worker, (texts,))))
            if len(pending) >= 2 * jobs:
                done_chunk, done_texts, result = pending.popleft()
                yield done_chunk, done_texts, result.get()
        while pending:
            done_chunk, done_texts, result = pending.popleft()
            yield done_chunk, done_texts, result.get()


class Progress:
    """A one-line progress display on stderr, only when stderr is a terminal."""

    def __init__(self, source: Source, enabled: bool):
        self.source = source
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, rows: int, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and not final):
            return
        self.last = now
        rate = rows / max(now - self.started, 1e-9)
        done = self.source.bytes_read()
        eta = ""
        if done and self.source.total_bytes:
            left = (now - self.started) * (self.source.total_bytes - done) / done
            eta = f" · ETA {left:.0f} s"
        end = "\n" if final else ""
        print(f"\r{rows:,} rows · {rate:,.0f} rows/s{eta}   ", end=end, file=sys.stderr,
              flush=True)


# (number of the chunk's first data row, from 1; its text cells; their ADDED_COLUMNS values)
ChunkObserver = Callable[[int, list[Any], list[list[Any]]], None]
# (rows done, share of the input read: 0..1, or None when the size is unknown)
ProgressObserver = Callable[[int, float | None], None]


def label_file(source_path: Path, output: Path, model: Classifier | Path,
               options: LabelOptions, show_progress: bool = True,
               on_chunk: ChunkObserver | None = None,
               on_progress: ProgressObserver | None = None) -> Tally:
    """Write `output` (every input row and column plus the label columns); return the tally.
    `model` is a loaded classifier, or a version directory that --jobs workers load.
    `on_chunk` sees each labelled chunk and `on_progress` the rows done (e.g. for a web page)."""
    if isinstance(model, Path) and options.jobs <= 1:
        model = Classifier.load(model)
    elif isinstance(model, Classifier) and options.jobs > 1 and model.path is not None:
        model = model.path
    _check_paths(source_path, output)
    fmt: StreamFormat = format_of(source_path, options.format)
    source = open_source(source_path, fmt, options.encoding, options.sheet, options.limits,
                         options.header_row)
    sink: Output | None = None
    try:
        column = options.text_column_index
        if column is None or not 0 <= column < len(source.columns):
            column = find_text_column(source.columns, options.text_column)
        group_indices = [find_text_column(source.columns, g) for g in options.group_by]
        groups = [source.columns[index] for index in group_indices]
        tally = Tally(source.columns + ADDED_COLUMNS, groups, fmt == "jsonl")
        encoding = options.encoding_out or source.encoding
        layout = OutputLayout(source.columns, options.columns)
        tally.replaced_columns = layout.replaced_names
        sink = open_output(source_path, output, source, encoding, layout)
        if isinstance(sink, Sink):  # a kept workbook keeps its rows above the header itself
            sink.write(source.preamble)
        if fmt != "jsonl":
            sink.write([layout.output_header()])
        progress, rows = Progress(source, show_progress), 0
        chunks = source.chunks(CHUNK_ROWS)
        for chunk, texts, added in _labelled_chunks(
                model, chunks, lambda c: _reason_cells(source, c, column), options.jobs):
            sink.write(_merge(layout, source, chunk, added))
            if on_chunk is not None:
                on_chunk(rows + 1, texts, added)
            tally.add_columns([row[0] for row in added], [row[3] for row in added],
                              [row[4:9] for row in added],
                              [_cells(source, chunk, index) for index in group_indices],
                              problems=[row[-1] for row in added],
                              reasons=[row[REASONS_AT] for row in added])
            rows += len(chunk)
            progress.update(rows)
            if on_progress is not None:
                on_progress(rows, source.fraction_read())
        progress.update(rows, final=True)
        sink.commit()
        return tally
    except OSError as exc:  # e.g. a full disk while writing
        if sink is not None:
            sink.discard()
        raise FormFileError(f"could not write {output}: {exc.strerror or exc}; nothing was "
                            "written", code="write_failed") from exc
    except BaseException:
        if sink is not None:
            sink.discard()
        raise
    finally:
        source.close()


def read_labelled(path: Path, fmt_name: str | None, encoding: str | None, sheet: str | None,
                  group_by: list[str], limits: Limits = DEFAULT_LIMITS) -> Tally:
    """The tally of a file that already has a `label` column (e.g. corrected by hand)."""
    source = open_source(path, format_of(path, fmt_name), encoding, sheet, limits)
    try:
        columns = machine_header(source.columns)  # a people's file: 判定コード is `label`
        find_text_column(columns, "label")
        groups = [columns[find_text_column(columns, g)] for g in group_by]
        tally = Tally(columns, groups, source.format == "jsonl")
        for chunk in source.chunks(CHUNK_ROWS):
            tally.add([machine_record(r) for r in chunk] if source.format == "jsonl" else chunk)
        return tally
    finally:
        source.close()
