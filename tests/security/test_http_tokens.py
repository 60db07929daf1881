"""An empty HENNO_ADMIN_TOKEN or HENNO_UI_TOKEN (an env file left blank) is unset: it never
opens the page nor switches the model, and the service says so loudly at start."""

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from henno.service.deps import token_matches
from henno.settings import Settings
from tests.service.ui.conftest import page_csrf, ui_client


@pytest.mark.parametrize("value", ["", " ", "\t\n", "\u3000"])
def test_a_blank_secret_in_the_environment_is_unset(monkeypatch: pytest.MonkeyPatch,
                                                     value: str) -> None:
    monkeypatch.setenv("HENNO_ADMIN_TOKEN", value)
    monkeypatch.setenv("HENNO_UI_TOKEN", value)
    settings = Settings()
    assert settings.admin_token is None
    assert settings.ui_token is None


@pytest.mark.parametrize(("given", "expected", "matches"), [
    ("", "", False),
    (" ", " ", False),
    ("", "secret", False),
    ("secret", "secret", True),
    (" secret ", "secret", True),
])
def test_no_empty_credential_is_ever_accepted(given: str, expected: str, matches: bool) -> None:
    assert token_matches(given, SecretStr(expected)) is matches


def test_an_empty_admin_token_cannot_switch_the_model(
        service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> None:
    with ui_client(service_models, tmp_path / "state", small_data, admin_token="") as client:
        csrf = page_csrf(client, "/")
        version = client.get("/v1/model").json()["version"]
        response = client.post("/model/use", data={"version": version, "admin_token": "",
                                                   "csrf": csrf})
        assert response.status_code == 403
        assert "管理操作は無効です（HENNO_ADMIN_TOKEN が未設定）" in response.text
        reload = client.post("/v1/admin/reload", headers={"authorization": "Bearer "})
        assert reload.json()["error"]["code"] == "admin_disabled"


def test_an_empty_ui_token_asks_for_no_token_and_warns_at_start(
        service_models: Path, tmp_path: Path, small_data: tuple[Path, Path],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="henno.service.startup")
    with ui_client(service_models, tmp_path / "state", small_data, ui_token=" ",
                   admin_token="") as client:
        assert 'name="token"' not in client.get("/login").text
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("HENNO_UI_TOKEN" in w and "HENNO_ADMIN_TOKEN" in w for w in warnings), warnings


@pytest.mark.parametrize("typed", ["", " ", "\u3000"])
def test_login_with_an_empty_token_is_refused(service_models: Path, tmp_path: Path,
                                              small_data: tuple[Path, Path], typed: str) -> None:
    with ui_client(service_models, tmp_path / "state", small_data,
                   ui_token="test-ui-token-0000") as client:
        csrf = page_csrf(client, "/login")
        response = client.post("/login", data={"token": typed, "csrf": csrf, "next": "/review"},
                               follow_redirects=False)
        assert response.status_code == 401
        assert "トークンが違います" in response.text
        assert client.get("/review", follow_redirects=False).status_code == 303
