"""The report's charts draw each label in the page's colour for it (service/ui/static/app.css,
.reason-<label> { --reason-edge: … }), so a clerk sees one colour per label everywhere."""

import re
from pathlib import Path
from typing import Any

import matplotlib.image
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from henno.labelling import charts
from henno.labelling import report as report_module
from henno.labelling.charts import bar_figure
from henno.labelling.tally import Tally
from henno.model.labels import LABEL_JA, LABELS

CSS = Path(__file__).parents[2] / "service" / "ui" / "static" / "app.css"
_RULE = re.compile(r"\.reason-(\w+)\s*\{([^}]*)\}")
_EDGE = re.compile(r"--reason-edge\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


def page_colours() -> dict[str, str]:
    """Each label's colour on the page, as #rrggbb."""
    found = {}
    for label, body in _RULE.findall(CSS.read_text("utf-8")):
        edge = _EDGE.search(body)
        if label in LABELS and edge:
            found[label] = to_hex(edge.group(1))
    missing = set(LABELS) - set(found)
    assert not missing, f"app.css gives no --reason-edge for {missing}"
    return found


def _tally() -> Tally:
    tally = Tally(["窓口", "label"], ["窓口"], keyed_rows=False)
    rows = [[office, label] for n, label in enumerate(LABELS)
            for office in ("本庁", "北支所") for _ in range(n + 1)]
    tally.add(rows)
    return tally


@pytest.fixture
def drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Any, ...]]:
    """The report's charts, written, and the arguments each was drawn from."""
    calls: dict[str, tuple[Any, ...]] = {}
    real = charts.bar_chart

    def recording(title: str, categories: Any, series: Any, stacked: bool = False) -> bytes:
        calls[title] = (title, categories, series, stacked)
        return real(title, categories, series, stacked)

    monkeypatch.setattr(report_module, "bar_chart", recording)
    report_module.write_report(_tally(), None, tmp_path)
    return calls


def _bar_colours(args: tuple[Any, ...]) -> list[tuple[str, str]]:
    """(legend name, the bar's colour) of every bar, in drawing order."""
    figure = bar_figure(*args)
    axes = figure.axes[0]
    return [(str(container.get_label()), to_hex(bar.get_facecolor()))
            for container in axes.containers if hasattr(container, "patches")
            for bar in container.patches if isinstance(bar, Rectangle)]


def test_the_count_chart_draws_each_label_in_the_page_s_colour(
        drawn: dict[str, tuple[Any, ...]]) -> None:
    colours = page_colours()
    args = drawn["返納理由別の件数"]
    names = list(args[1])
    bars = _bar_colours(args)
    assert len(bars) == len(LABELS)
    assert {name: colour for name, (_, colour) in zip(names, bars, strict=True)} == {
        LABEL_JA[label]: colours[label] for label in LABELS}


def test_the_stacked_chart_draws_each_label_in_the_page_s_colour(
        drawn: dict[str, tuple[Any, ...]]) -> None:
    colours = page_colours()
    bars = _bar_colours(drawn["窓口別の返納理由"])
    assert len(bars) == 2 * len(LABELS)
    assert dict(bars) == {LABEL_JA[label]: colours[label] for label in LABELS}


def test_the_written_pngs_hold_the_page_s_colours(tmp_path: Path) -> None:
    report_module.write_report(_tally(), None, tmp_path)
    for name in ("counts_by_label.png", "group_1.png"):
        image = matplotlib.image.imread(tmp_path / name)[..., :3]
        pixels = {to_hex(tuple(p)) for p in np.unique(image.reshape(-1, 3), axis=0)}
        assert set(page_colours().values()) <= pixels, name
