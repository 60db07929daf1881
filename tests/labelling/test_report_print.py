"""The report printed on A4 portrait: nothing wider than the page (issue 10 §3)."""

import random
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from henno.labelling.report import write_report
from henno.labelling.tally import Tally

A4_CONTENT_PX = 703  # 210 mm less the 2 × 12 mm margins of the print CSS, at 96 px per inch
LONG_OFFICE = "北部支所（旧北村役場庁舎）市民課窓口ＡＢＣＤＥＦＧＨＩＪＫＬＭＮ長い名前の出張所"


def wide_report(folder: Path) -> Path:
    """Twelve months, long office names, blank and unreadable rows: the widest tables."""
    rng = random.Random(1)
    tally = Tally(["受付日", "窓口", "label", "error"], ["受付日", "窓口"], keyed_rows=False)
    tally.add([[f"2023-{rng.randint(1, 12):02d}-01", rng.choice(["本庁", LONG_OFFICE, ""]),
                label, "" if label else rng.choice(["empty text", "undecodable bytes"])]
               for label in rng.choices(["relocation", "other", "scandal", "errors", ""], k=500)])
    return write_report(tally, None, folder, sources=[f"{LONG_OFFICE}_{m}月.xlsx"
                                                      for m in range(1, 13)])


@pytest.mark.browser
def test_printed_report_fits_a4_portrait(tmp_path: Path, browser: Browser) -> None:
    page_path = wide_report(tmp_path)
    context = browser.new_context(viewport={"width": A4_CONTENT_PX, "height": 1000})
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.emulate_media(media="print")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, ...Array.from("
            "document.querySelectorAll('table, img, dl')).map("
            "e => Math.ceil(e.getBoundingClientRect().right))]")
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
    finally:
        context.close()
    assert max(widths) <= A4_CONTENT_PX
    assert (tmp_path / "report.pdf").stat().st_size > 10_000
