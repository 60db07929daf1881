"""Roles: a clerk classifies, labels files and reviews; only an admin retrains, switches the
model and reads the metrics. The API wants a session or `Authorization: Bearer <key>`."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.accounts import AccountStore, Role
from henno.review.store import NewItem, ReviewStore
from tests.service.accounts import accounts, add_key, add_user, bearer, log_in
from tests.service.ui.conftest import csrf_of, ui_client

UNAUTHORIZED = {"error": {"code": "unauthorized",
                          "message": "log in, or send Authorization: Bearer <API key>"}}
FORBIDDEN = {"error": {"code": "forbidden", "message": "your role does not allow this"}}


@dataclass(frozen=True)
class Door:
    client: TestClient
    store: AccountStore
    database_url: str
    clerk_key: str
    admin_key: str


@pytest.fixture
def door(service_models: Path, tmp_path: Path,
         small_data: tuple[Path, Path]) -> Iterator[Door]:
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    add_user(url, "sato", Role.CLERK)
    add_user(url, "tanaka", Role.ADMIN)
    clerk_key, admin_key = add_key(url, "tally", Role.CLERK), add_key(url, "ops", Role.ADMIN)
    with ui_client(service_models, tmp_path / "state", small_data,
                   metrics_public=False) as client:
        yield Door(client, accounts(url), url, clerk_key, admin_key)


def test_the_api_without_credentials_is_401_with_www_authenticate(door: Door) -> None:
    response = door.client.post("/v1/classify", json={"text": "引っ越しのため"})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [
    "Bearer not-a-key", "Bearer ", "Basic c2F0bzpwdw==", "bearer", "Token abc",
])
def test_a_wrong_or_odd_authorization_is_401(door: Door, header: str) -> None:
    response = door.client.post("/v1/classify", json={"text": "引っ越しのため"},
                                headers={"authorization": header})
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_a_clerk_key_classifies_but_is_refused_admin_routes(door: Door) -> None:
    auth = bearer(door.clerk_key)
    assert door.client.post("/v1/classify", json={"text": "引っ越しのため"},
                            headers=auth).status_code == 200
    for method, path in (("POST", "/v1/admin/reload"), ("GET", "/metrics")):
        response = door.client.request(method, path, headers=auth)
        assert (response.status_code, response.json()) == (403, FORBIDDEN), path


def test_an_admin_key_reloads_and_reads_the_metrics(door: Door) -> None:
    auth = bearer(door.admin_key)
    assert door.client.post("/v1/admin/reload", headers=auth).status_code == 200
    assert door.client.get("/metrics", headers=auth).status_code == 200


def test_a_revoked_key_is_401(door: Door) -> None:
    door.store.revoke_key("tally")
    response = door.client.get("/v1/labels", headers=bearer(door.clerk_key))
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_the_page_session_also_opens_the_api(door: Door) -> None:
    log_in(door.client, "sato")
    own = {"origin": "http://127.0.0.1"}  # from henno's own pages (test_api_cookie_origin.py)
    assert door.client.post("/v1/classify", json={"text": "引っ越しのため"},
                            headers=own).status_code == 200
    assert door.client.post("/v1/admin/reload", headers=own).status_code == 403


def test_metrics_are_public_only_when_configured(service_models: Path, tmp_path: Path,
                                                 small_data: tuple[Path, Path]) -> None:
    add_user(f"sqlite:///{tmp_path / 'state' / 'henno.db'}", "sato", Role.CLERK)
    with ui_client(service_models, tmp_path / "state", small_data,
                   metrics_public=True) as client:
        assert client.get("/metrics").status_code == 200
        assert client.post("/v1/classify", json={"text": "転居"}).status_code == 401


@pytest.mark.parametrize(("user", "shown"), [("sato", False), ("tanaka", True)])
def test_the_model_page_offers_changes_to_admins_only(door: Door, user: str,
                                                      shown: bool) -> None:
    log_in(door.client, user)
    page = door.client.get("/model").text
    assert ('action="/model/retrain"' in page) is shown
    assert 'action="/model/use"' not in page  # the one version is current: nothing to switch
    assert ("再学習と版の切り替えは管理者が行います" in page) is not shown


@pytest.mark.parametrize("path", ["/model/retrain", "/model/use"])
def test_a_clerk_cannot_change_the_model_whatever_the_page_shows(door: Door,
                                                                 path: str) -> None:
    log_in(door.client, "sato")
    csrf = csrf_of(door.client.get("/").text)
    response = door.client.post(path, data={"version": "x", "csrf": csrf})
    assert response.status_code == 403
    assert "この操作は管理者だけが行えます" in response.text


def test_an_admin_switches_the_model_from_the_page(door: Door) -> None:
    log_in(door.client, "tanaka")
    csrf = csrf_of(door.client.get("/model").text)
    version = door.client.get("/v1/model").json()["version"]
    response = door.client.post("/model/use", data={"version": version, "csrf": csrf},
                                follow_redirects=False)
    assert response.status_code == 303


def test_review_decisions_are_recorded_as_the_logged_in_user(door: Door) -> None:
    store = ReviewStore.open(door.database_url)
    scores = {"relocation": 0.45, "other": 0.4, "errors": 0.05, "scandal": 0.05,
              "system_distrust": 0.05}
    store.add_items([NewItem("来月引っ越すため", "relocation", scores, "窓口.csv", 2)])
    log_in(door.client, "sato")
    page = door.client.get("/review")
    assert 'name="reviewer"' not in page.text  # nobody types a name
    item_id = page.text.split('name="item_id" value="')[1].split('"')[0]
    door.client.post("/review/decide", data={"item_id": item_id, "label": "relocation",
                                             "csrf": csrf_of(page.text)})
    assert store.last_decided("user:sato") is not None
