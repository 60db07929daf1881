"""Without any user or key the service runs open for local trials, and says so at start."""

import logging
from pathlib import Path

import pytest

from henno.accounts import Role
from henno.service.startup import OPEN_WARNING
from tests.service.accounts import add_key, add_user
from tests.service.ui.conftest import ui_client


@pytest.mark.parametrize(("credential", "warned"), [
    (None, True), ("user", False), ("key", False),
])
def test_an_open_service_warns_at_start(service_models: Path, tmp_path: Path,
                                        small_data: tuple[Path, Path],
                                        caplog: pytest.LogCaptureFixture,
                                        credential: str | None, warned: bool) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    if credential == "user":
        add_user(url, "sato", Role.CLERK)
    elif credential == "key":
        add_key(url, "tally", Role.CLERK)
    caplog.set_level(logging.WARNING, logger="henno.service.startup")
    with ui_client(service_models, tmp_path / "state", small_data):
        pass
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert (OPEN_WARNING in warnings) is warned


def test_an_unreadable_account_database_closes_the_door(service_models: Path,
                                                        tmp_path: Path,
                                                        small_data: tuple[Path, Path]) -> None:
    url = "sqlite:////proc/henno-cannot-be-here/henno.db"
    with ui_client(service_models, tmp_path, small_data, database_url=url) as client:
        api = client.post("/v1/classify", json={"text": "引っ越しのため"})
        assert api.status_code == 503
        assert api.json() == {"error": {"code": "accounts_unavailable",
                                        "message": "the account database is unavailable"}}
        assert client.get("/healthz").status_code == 200
