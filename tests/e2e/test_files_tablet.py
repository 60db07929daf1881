"""ファイルを判定's list of recent files on a tablet (768 px) and a laptop: every action is
visible, on one line, inside the page — no column cut off, no sideways scrolling."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, add_clerks, log_in, screenshot
from tests.service.live import serve

ONE_LINE_PX = 40  # a link of one line is about 27 px high at the page's font; two, 55 px
ACTIONS = ["ダウンロード", "レポート", "確認結果を反映してダウンロード",
           "確認結果を反映したレポート"]


@pytest.fixture
def own_server(tmp_path: Path, small_model_dir: Path) -> Iterator[Server]:
    # Not the session's server: its review queue holds other tests' items, and the one
    # decision below must fall on this file's.
    state = tmp_path / "state"
    with serve(small_model_dir, env={"HENNO_STATE_DIR": str(state)},
               before_start=add_clerks) as (port, _):
        yield Server(f"http://127.0.0.1:{port}", state, small_model_dir)


def _reviewed_file(page: Page, server: Server, tmp_path: Path) -> None:
    source = tmp_path / "返納受付簿_2023年6月.csv"
    source.write_text("受付番号,返納理由\nR5-0001,なんとなく\nR5-0002,特に理由はない\n"
                      "R5-0003,よくわからない\n", encoding="utf-8")
    page.goto(f"{server.url}/files")
    page.set_input_files("#file", str(source))
    page.click("button.primary")
    page.click("text=判定を始める")
    expect(page.locator("#job-done")).to_be_visible(timeout=60_000)
    page.goto(f"{server.url}/review")
    page.keyboard.press("1")
    page.keyboard.press("Enter")  # one decision: the reviewed downloads are offered
    expect(page.locator("#remaining")).to_be_visible()


def test_every_file_action_is_visible_at_tablet_and_laptop_width(page: Page, own_server: Server,
                                                                 tmp_path: Path) -> None:
    server = own_server
    log_in(page, server)
    _reviewed_file(page, server, tmp_path)
    for width in (768, 1280):
        page.set_viewport_size({"width": width, "height": 1024})
        page.goto(f"{server.url}/files")
        listed = page.locator("#my-files tbody").filter(has_text="返納受付簿_2023年6月.csv").first
        screenshot(page, f"files-list-{width}")
        wrap = page.locator("#my-files .table-wrap")
        edge = wrap.bounding_box()
        assert edge is not None
        for name in [*ACTIONS, "返納受付簿_2023年6月.csv を削除"]:
            action = listed.get_by_role("link", name=name, exact=True).or_(
                listed.get_by_role("button", name=name, exact=True))
            expect(action).to_be_in_viewport()
            box = action.bounding_box()
            right = edge["x"] + edge["width"]
            assert box is not None and box["x"] + box["width"] <= right, (width, name, box)
            assert box["height"] < ONE_LINE_PX, (width, name, box)
        assert wrap.evaluate("node => node.scrollWidth <= node.clientWidth"), width
        assert page.evaluate("document.documentElement.scrollWidth") <= width

