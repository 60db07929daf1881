"""An app with the web page over a private state folder, review database and small model."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.app import create_app
from tests.service.conftest import make_settings

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def ui_client(models: Path, state: Path, data: tuple[Path, Path],
              base_url: str = "http://127.0.0.1", **overrides: object) -> TestClient:
    settings = make_settings(models, state_dir=state, train_data=data[0], test_data=data[1],
                             **overrides)
    return TestClient(create_app(settings), base_url=base_url)


@pytest.fixture
def ui(service_models: Path, tmp_path: Path,
       small_data: tuple[Path, Path]) -> Iterator[TestClient]:
    """A client of an app without a UI token, its own database and state folder."""
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        yield client


def page_csrf(client: TestClient, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return csrf_of(response.text)
