"""理由を判定 with several reasons in Chromium: the marks, their names and the decision as a
clerk sees them (screenshots in tests/e2e/screenshots/, for a person to look at). The app
runs in this process, so that its classifier answers with the keyword reasons."""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page

from henno.service.app import create_app
from tests.e2e.conftest import screenshot
from tests.service.conftest import make_settings
from tests.service.live import free_port
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]


@pytest.fixture
def app_url(service_models: Path, tmp_path: Path, several_reasons: None) -> Iterator[str]:
    """The page on 127.0.0.1 at a free port, stopped when the test ends."""
    port = free_port()
    app = create_app(make_settings(service_models, state_dir=tmp_path / "state"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started and thread.is_alive():
            threading.Event().wait(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ja-JP")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [1280, 768])  # a laptop, a tablet
@pytest.mark.parametrize(("name", "text", "decision"), [
    ("classify-priority", "来月引っ越す予定だし、ニュースで見た不祥事にもうんざりしたので",
     "優先順位"),
    ("classify-main-reason", "一番の理由は不祥事です。転勤の予定もあります", "主な理由"),
    ("classify-denied", "引っ越しではなく、相次ぐ不祥事で信用できないからです",
     "否定されているため除外しました"),
])
def test_reasons_are_marked_named_and_decided(page: Page, app_url: str, name: str, text: str,
                                               decision: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1024})
    page.goto(f"{app_url}/")
    page.fill("#text", text)
    page.click("button.primary")
    page.wait_for_selector("#decision")
    assert decision in page.inner_text("#decision")
    marks = page.locator("#reasons-text mark.reason")
    assert marks.count() >= 2
    # Each mark names its label in text, and the name is not the colour's only companion.
    for index in range(marks.count()):
        assert marks.nth(index).locator(".reason-name").inner_text()
    # The text never runs out of its box sideways, even with the names beside the marks.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, name if width > 1000 else f"tablet-{name}")


@pytest.mark.parametrize("width", [1280, 768])
def test_a_long_url_wraps_inside_its_boxes(page: Page, app_url: str, width: int) -> None:
    """A resident's long unbroken word (a URL) wraps in 書かれている理由 and 判定の決め手になった語
    instead of widening the page (the trial: 1,100 px at a tablet's 768)."""
    page.set_viewport_size({"width": width, "height": 1024})
    page.goto(f"{app_url}/")
    page.fill("#text", "引っ越しのため。詳細は https://example.invalid/" + "a" * 120 + " を参照")
    page.click("button.primary")
    page.wait_for_selector("#decision")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in ("#reasons-text", "#explained", "#reasons li"):
        assert page.locator(box).first.evaluate("e => e.scrollWidth <= e.clientWidth"), box
    assert page.locator("#scores-title").inner_text() == "判定としての確からしさ"
    screenshot(page, f"classify-long-url-{width}")
