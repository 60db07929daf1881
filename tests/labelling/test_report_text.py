"""Group values in the report are text: never mathtext, never in a log (issue 14, 8 and 14)."""

import logging
import warnings
from pathlib import Path

import matplotlib.image
import pytest

from henno.labelling.report import write_report
from henno.labelling.tally import Tally

MATH_LIKE = ["$山田太郎$", r"$\frac{1}{0}$", "$$", r"\$", "$x^$", r"$\undefined{a}$", "$", "a$b$c"]
# 𝔘 (mathematical fraktur), an emoji and a CJK extension G character: not in IPAexGothic.
MISSING_FROM_FONT = ["$山田𝔘太郎$", "佐藤🙏花子", "\U00030000支所"]


def group_tally(values: list[str]) -> Tally:
    tally = Tally(["窓口", "label"], ["窓口"], keyed_rows=False)
    tally.add([[value, "relocation"] for value in values] + [["本庁", "other"]])
    return tally


@pytest.mark.parametrize("value", MATH_LIKE)
def test_write_report_draws_a_math_like_group_value_as_text(tmp_path: Path, value: str) -> None:
    write_report(group_tally([value]), None, tmp_path)
    image = matplotlib.image.imread(tmp_path / "group_1.png")
    assert image.shape[0] > 100
    assert value in (tmp_path / "summary.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("value", MISSING_FROM_FONT)
def test_write_report_logs_nothing_about_a_group_value(
        tmp_path: Path, value: str, caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_report(group_tally([value]), None, tmp_path)
    out, err = capfd.readouterr()
    logged = caplog.text + out + err + "".join(str(w.message) for w in caught)
    for char in value:
        assert char not in logged and str(ord(char)) not in logged
    assert "Glyph" not in logged


@pytest.mark.parametrize("counts", [[3, 2, 2, 2, 3], [1, 0, 0, 0, 0], [120, 7, 0, 33, 5]])
def test_count_axes_tick_whole_forms_only(counts: list[int]) -> None:
    from henno.labelling.charts import Series, bar_figure

    figure = bar_figure("返納理由別の件数", list("abcde"), [Series("件数", counts)])
    figure.canvas.draw()
    ticks = figure.axes[0].get_yticks()
    assert all(float(tick).is_integer() for tick in ticks), ticks
