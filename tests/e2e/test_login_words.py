"""What a clerk reads around logging in, in Chromium: 管理 refused in words, ログアウトしました
after logout, and the password field focused after a refused login that kept the name."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Server, log_in, screenshot


def test_a_clerk_reads_why_admin_is_refused_and_that_logout_worked(page: Page,
                                                                    server: Server) -> None:
    log_in(page, server)
    for width in (768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(f"{server.url}/admin")
        assert response is not None and response.status == 403
        expect(page.locator("main")).to_contain_text("このページは管理者だけが使えます")
        screenshot(page, f"clerk-admin-refused-{width}")
    page.get_by_role("button", name="ログアウト").click()
    expect(page.locator("p.notice")).to_have_text("ログアウトしました")
    screenshot(page, "after-logout")
    page.fill("#name", "窓口C")  # no such user: the shared clerks' failure counts stay at 0
    page.fill("#password", "wrong-password-0000")
    page.press("#password", "Enter")
    expect(page.locator("#name")).to_have_value("窓口C")
    expect(page.locator("#password")).to_be_focused()
    screenshot(page, "login-refused")
