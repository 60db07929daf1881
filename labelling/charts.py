"""Bar charts of the report as PNG bytes, drawn with matplotlib's Figure API.

Every text on a chart may come from a resident's form (a group value), so it is drawn as
text: never parsed as mathtext (`$…$`), and characters the font lacks are replaced before
matplotlib sees them, so its glyph warnings (which name the code points) never reach a log.
Nothing here touches matplotlib's global state (rcParams, backends, loggers): the service
renders reports from several threads.
"""

import importlib.util
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

MISSING_GLYPH = "□"
_DPI = 100
# Each label's colour on the page (service/ui/static/app.css, .reason-<label> --reason-edge),
# so a label has one colour wherever a clerk sees it; tests/labelling/test_chart_colours.py
# fails when the two differ.
LABEL_COLOURS = {"system_distrust": "#2f6db5", "scandal": "#b23b22", "errors": "#6a47b8",
                 "relocation": "#23804a", "other": "#5b6475"}


@dataclass(frozen=True)
class Series:
    """One coloured set of bars; `low`/`high` draw an interval on each bar when given;
    `colour`: one colour for the set or one per bar (matplotlib's cycle when None)."""

    name: str
    values: Sequence[float]
    low: Sequence[float] | None = None
    high: Sequence[float] | None = None
    colour: str | Sequence[str] | None = None


@cache
def _font_path() -> str:
    # find_spec does not import matplotlib_fontja, whose import changes rcParams.
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib-fontja is not installed; reinstall henno")
    return str(Path(spec.submodule_search_locations[0]) / "fonts" / "ipaexg.ttf")


@cache
def _font() -> FontProperties:
    return FontProperties(fname=_font_path())


@cache
def _codepoints() -> frozenset[int]:
    return frozenset(FT2Font(_font_path()).get_charmap())


def drawable(text: str) -> str:
    """`text` with each character the font cannot draw replaced by □."""
    known = _codepoints()
    return "".join(c if ord(c) in known or c in "\n\t " else MISSING_GLYPH for c in text)


def _text(**extra: Any) -> dict[str, Any]:
    return {"fontproperties": _font(), "parse_math": False, **extra}


def _png(figure: Figure) -> bytes:
    # Any text that escaped the per-call settings is still plain text.
    for text in figure.findobj(Text):
        text.set_parse_math(False)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Belt and braces: a missing glyph names its code point; never let it be logged.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series],
              stacked: bool = False, ylabel: str = "件数") -> bytes:
    """Bars per category, one colour per series (side by side, or stacked), as PNG."""
    return _png(bar_figure(title, categories, series, stacked, ylabel))


def bar_figure(title: str, categories: Sequence[str], series: Sequence[Series],
               stacked: bool = False, ylabel: str = "件数") -> Figure:
    """The figure of `bar_chart`; the legend sits outside the axes so it never covers a bar."""
    width = max(6.0, min(16.0, 0.45 * len(categories) + 4))
    figure = Figure(figsize=(width, 4.2), layout="constrained")
    axes = figure.add_subplot()
    x = np.arange(len(categories))
    bar_width = 0.8 if stacked else 0.8 / max(len(series), 1)
    bottom = np.zeros(len(categories))
    for k, item in enumerate(series):
        values = np.asarray(item.values, dtype=np.float64)
        offset = 0.0 if stacked else (k - (len(series) - 1) / 2) * bar_width
        errors = None
        if item.low is not None and item.high is not None:
            errors = np.clip([values - np.asarray(item.low), np.asarray(item.high) - values],
                             0, None)
        axes.bar(x + offset, values, bar_width, bottom=bottom if stacked else None,
                 yerr=errors, capsize=3, label=drawable(item.name), color=item.colour)
        if stacked:
            bottom += values
    rotation = 45 if len(categories) > 6 else 0
    axes.set_xticks(x, [drawable(c) for c in categories],
                    **_text(rotation=rotation, ha="right" if rotation else "center"))
    # Counts are whole forms: a tick at 2.5 件 would read as a fraction of a form.
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(ylabel, **_text())
    axes.set_title(drawable(title), **_text())
    if len(series) > 1:
        figure.legend(loc="outside right upper", prop=_font())
    return figure
