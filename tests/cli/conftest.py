"""Fixtures of the CLI tests."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from henno.settings import get_settings


@pytest.fixture
def review_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """HENNO_DATABASE_URL naming a fresh SQLite file."""
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    monkeypatch.setenv("HENNO_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
