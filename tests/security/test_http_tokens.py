"""HENNO_ADMIN_TOKEN and HENNO_UI_TOKEN are gone: still set, they open nothing and protect
nothing, and the service says at start, as an error, how to move to users and API keys."""

import logging
from pathlib import Path

import pytest

from henno.accounts import Role
from henno.service.startup import warn_about_settings
from henno.settings import Settings
from tests.service.accounts import add_user
from tests.service.ui.conftest import ui_client

OLD_TOKEN = "test-admin-token-0000"


@pytest.mark.parametrize(("variable", "advice"), [
    ("HENNO_UI_TOKEN", "henno users add NAME --role clerk"),
    ("HENNO_ADMIN_TOKEN", "henno api-keys create NAME --role admin"),
])
def test_a_removed_token_is_reported_as_ignored(monkeypatch: pytest.MonkeyPatch,
                                                caplog: pytest.LogCaptureFixture,
                                                variable: str, advice: str) -> None:
    monkeypatch.setenv(variable, OLD_TOKEN)
    caplog.set_level(logging.ERROR, logger="henno.service.startup")
    warn_about_settings(Settings())
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    message = record.getMessage()
    assert message.startswith(f"{variable} is set but ignored: it was removed in henno 0.3")
    assert advice in message and OLD_TOKEN not in message


@pytest.mark.parametrize("value", ["", " ", "\t\n", "\u3000"])
def test_a_blank_removed_token_says_nothing(monkeypatch: pytest.MonkeyPatch,
                                            value: str) -> None:
    monkeypatch.setenv("HENNO_ADMIN_TOKEN", value)
    monkeypatch.setenv("HENNO_UI_TOKEN", value)
    assert Settings().removed_tokens() == []


def test_the_old_admin_token_opens_nothing(monkeypatch: pytest.MonkeyPatch,
                                           service_models: Path, tmp_path: Path,
                                           small_data: tuple[Path, Path]) -> None:
    monkeypatch.setenv("HENNO_ADMIN_TOKEN", OLD_TOKEN)
    add_user(f"sqlite:///{tmp_path / 'state' / 'henno.db'}", "sato", Role.ADMIN)
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        response = client.post("/v1/admin/reload",
                               headers={"authorization": f"Bearer {OLD_TOKEN}"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
