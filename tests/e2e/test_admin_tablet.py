"""管理 on a tablet (768 px) and a laptop: 操作 and 結果 never broken inside a short word
(「ログイン失敗」, 「成功」), 対象 wraps, nothing scrolls sideways; an admin whose name has a
space (「管理 鈴木」) logs in and is named in the header."""

from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from henno.accounts import Role
from henno.audit import AuditAction, AuditTrail
from henno.review.db import make_engine
from tests.e2e.conftest import Server, log_in, screenshot
from tests.service.accounts import add_user

ADMIN = "管理 鈴木"
ONE_LINE_PX = 40  # a cell's text of one line is about 24 px high; two lines about 48 px
# The height of a cell's text (not of the cell, which is the row's height).
TEXT_HEIGHTS = """cells => cells.map(cell => {
    const range = document.createRange(); range.selectNodeContents(cell);
    return range.getBoundingClientRect().height; })"""


def _entries(engine: Engine) -> None:
    trail = AuditTrail(engine)
    for outcome in ("wrong_password", "wrong_password", "locked"):
        trail.record("user:窓口佐藤", AuditAction.LOGIN_FAILED, outcome)
    trail.record("user:窓口佐藤", AuditAction.LOCKED)
    trail.record("user:窓口佐藤", AuditAction.DOWNLOAD, job_id="nGoj5_miT1RlsgMFn1dNYA",
                 file="返納受付簿_2023年6月.xlsx", rows=20, what="reviewed_report")


def test_the_audit_table_keeps_short_words_whole(page: Page, server: Server) -> None:
    add_user(server.database_url, ADMIN, Role.ADMIN)
    engine = make_engine(server.database_url)
    try:
        _entries(engine)
    finally:
        engine.dispose()
    log_in(page, server, ADMIN)
    for width in (768, 1280):
        page.set_viewport_size({"width": width, "height": 1024})
        page.goto(f"{server.url}/admin")
        expect(page.locator("header")).to_contain_text(f"{ADMIN}（管理者）")
        screenshot(page, f"admin-{width}")
        heights = page.eval_on_selector_all("table.audit td.action, table.audit td.actor",
                                            TEXT_HEIGHTS)
        assert heights and max(heights) < ONE_LINE_PX, (width, heights)
        objects = page.locator("table.audit td.objects").first.bounding_box()
        assert objects is not None and objects["width"] > 120, (width, objects)  # 8em
        short = page.locator("table.audit td.outcome").filter(has_text="成功")
        assert max(short.evaluate_all(TEXT_HEIGHTS)) < ONE_LINE_PX, width
        expect(page.locator("table.audit span[title='nGoj5_miT1RlsgMFn1dNYA']").first
               ).to_have_text("nGoj5_mi…")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        wrap = page.locator("#audit .table-wrap")
        assert wrap.evaluate("node => node.scrollWidth <= node.clientWidth"), width
