"""DNS rebinding: a page on attacker.example whose name now resolves to this machine sends
`Host: attacker.example` (and a matching Origin). Only allowed Host names are answered."""

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.hosts import allowed_hosts, host_name
from henno.service.startup import warn_about_settings
from henno.settings import Settings
from tests.service.ui.conftest import page_csrf, ui_client

EVIL = "attacker.example:8000"
JSON_REFUSAL = {"error": {"code": "invalid_host", "message":
                          "the Host header names a host this service does not answer; "
                          "see HENNO_ALLOWED_HOSTS"}}


@pytest.fixture
def ui(service_models: Path, tmp_path: Path, small_data: tuple[Path, Path]) -> TestClient:
    return ui_client(service_models, tmp_path / "state", small_data, allowed_hosts="",
                     public_origin="https://henno.city.example")


@pytest.mark.parametrize(("header", "name"), [
    ("localhost:8000", "localhost"),
    ("LocalHost", "localhost"),
    ("127.0.0.1:80", "127.0.0.1"),
    ("[::1]:8000", "::1"),
    ("[::1]", "::1"),
    ("henno.city.example.", "henno.city.example"),
    ("", ""),
])
def test_host_names_are_read_without_port(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(("configured", "public", "expected"), [
    ("", None, {"localhost", "127.0.0.1", "::1"}),
    ("", "https://henno.city.example", {"localhost", "127.0.0.1", "::1",
                                        "henno.city.example"}),
    (" Henno.Local , 10.0.0.5,[fd00::1] ", None, {"localhost", "127.0.0.1", "::1",
                                                  "henno.local", "10.0.0.5", "fd00::1"}),
])
def test_allowed_hosts_add_to_the_loopback_names(configured: str, public: str | None,
                                                  expected: set[str]) -> None:
    settings = Settings(allowed_hosts=configured, public_origin=public)
    assert allowed_hosts(settings) == frozenset(expected)


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000",
                                  "henno.city.example"])
def test_allowed_hosts_are_answered(ui: TestClient, host: str) -> None:
    with ui as client:
        assert client.get("/healthz", headers={"host": host}).status_code == 200
        assert client.get("/review", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", [EVIL, "attacker.example", "localhost.attacker.example",
                                  "127.0.0.1.nip.io:8000"])
def test_a_foreign_host_gets_400_on_the_api(ui: TestClient, host: str) -> None:
    with ui as client:
        for path in ("/healthz", "/v1/model"):
            response = client.get(path, headers={"host": host})
            assert response.status_code == 400
            assert response.json() == JSON_REFUSAL
        classify = client.post("/v1/classify", json={"text": "引っ越しのため"},
                               headers={"host": host})
        assert classify.json() == JSON_REFUSAL


def test_a_rebound_page_can_neither_read_nor_post(ui: TestClient) -> None:
    with ui as client:
        csrf = page_csrf(client)
        review = client.get("/review", headers={"host": EVIL})
        assert review.status_code == 400
        assert "このアドレスでは利用できません" in review.text
        assert "確認" not in review.text.replace("確認してください", "")
        posted = client.post("/", data={"text": "引っ越しのため", "csrf": csrf},
                             headers={"host": EVIL, "origin": f"http://{EVIL}"})
        assert posted.status_code == 400
        assert "このアドレスでは利用できません" in posted.text


def test_the_slash_redirect_stays_on_an_allowed_host(ui: TestClient) -> None:
    with ui as client:
        refused = client.get("/review/", headers={"host": EVIL}, follow_redirects=False)
        assert refused.status_code == 400
        moved = client.get("/review/", headers={"host": "localhost:8000"},
                           follow_redirects=False)
        assert moved.status_code in (301, 307, 308)
        assert moved.headers["location"] in ("/review", "http://localhost:8000/review")


@pytest.mark.parametrize(("host", "warned"), [
    ("0.0.0.0", True), ("10.0.0.5", True), ("127.0.0.1", False), ("::1", False),
    ("localhost", False),
])
def test_a_non_loopback_bind_tells_to_set_allowed_hosts(
        caplog: pytest.LogCaptureFixture, host: str, warned: bool) -> None:
    caplog.set_level(logging.WARNING, logger="henno.service.startup")
    warn_about_settings(Settings(host=host))
    assert any("HENNO_ALLOWED_HOSTS" in r.getMessage() for r in caplog.records) is warned
