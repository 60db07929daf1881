"""/docs works on a closed network: every request outside 127.0.0.1 is blocked."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import Server, log_in


def block_other_hosts(page: Page) -> list[str]:
    """Aborts every request to a host other than 127.0.0.1; returns the blocked URLs."""
    blocked: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", handle)
    return blocked


@pytest.mark.parametrize(("path", "visible"), [
    ("/docs", "/v1/classify"),
])
def test_docs_list_the_operations_offline(page: Page, server: Server, path: str,
                                          visible: str) -> None:
    blocked = block_other_hosts(page)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    log_in(page, server)  # /docs and its schema are for clerks and admins
    page.goto(f"{server.url}{path}")
    expect(page.get_by_text(visible, exact=True).locator("visible=true").first).to_be_visible()
    assert blocked == []
    assert errors == []
