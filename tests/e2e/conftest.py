"""A real `henno serve` with two clerks and an API key on a loopback port, and Debian's
Chromium driven by Playwright (no browser download: the project installs it with
scripts/system-packages)."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from henno.accounts import Role
from henno.training.train import TrainResult
from tests.conftest import install_model
from tests.service.accounts import PASSWORD, accounts
from tests.service.live import serve

CLERKS = ("窓口A", "窓口B")
SCREENSHOTS = Path(__file__).parent / "screenshots"


@dataclass(frozen=True)
class Server:
    url: str
    state: Path
    models: Path
    key: str = ""  # a clerk's API key, for the API calls tests make beside the page

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.state / 'henno.db'}"


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Path:
    models = tmp_path_factory.mktemp("e2e-models")
    install_model(small_model, models)
    return models


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, small_model_dir: Path) -> Iterator[Server]:
    state = tmp_path_factory.mktemp("e2e-state")
    keys: list[str] = []
    with serve(small_model_dir, env={"HENNO_STATE_DIR": str(state)},
               before_start=lambda url: keys.append(add_clerks(url))) as (port, _):
        yield Server(f"http://127.0.0.1:{port}", state, small_model_dir, keys[0])


def add_clerks(database_url: str) -> str:
    """The clerks of CLERKS (password PASSWORD) and a clerk's API key, which it returns."""
    store = accounts(database_url)
    for name in CLERKS:
        store.add_user(name, Role.CLERK, PASSWORD)
    return store.create_key("e2e", Role.CLERK)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile per test (no cookies), laptop-sized."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="ja-JP",
                                  accept_downloads=True)
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Saved for a person to look at (tests/e2e/screenshots/, git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, server: Server, reviewer: str = "窓口A") -> None:
    page.goto(f"{server.url}/")
    page.fill("#name", reviewer)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(f"{server.url}/")
