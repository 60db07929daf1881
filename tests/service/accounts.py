"""Users and API keys for the service tests, made in the database the app will open, and
logging in through the page as a clerk does. Names and passwords are fictional."""

import re

from fastapi.testclient import TestClient

from henno.accounts import AccountStore, Role
from henno.review.db import make_engine, upgrade

PASSWORD = "correct-horse-0000"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def accounts(database_url: str) -> AccountStore:
    """The account store of `database_url`, migrated (the app would migrate it at start)."""
    upgrade(database_url)
    return AccountStore(make_engine(database_url))


def add_user(database_url: str, name: str, role: Role = Role.CLERK,
             password: str = PASSWORD) -> None:
    accounts(database_url).add_user(name, role, password)


def add_key(database_url: str, name: str, role: Role = Role.CLERK) -> str:
    return accounts(database_url).create_key(name, role)


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def log_in(client: TestClient, name: str, password: str = PASSWORD, next_path: str = "/",
           ) -> None:
    """Through the login form, as a browser would (a fresh one: cookies of an earlier login
    are dropped); fails the test when refused."""
    client.cookies.clear()
    form = client.get(f"/login?next={next_path}", follow_redirects=False)
    assert form.status_code == 200, form.text
    found = _CSRF.search(form.text)
    assert found, "the login page has no CSRF field"
    response = client.post("/login", data={"name": name, "password": password,
                                           "next": next_path, "csrf": found.group(1)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def database_of(client: TestClient) -> str:
    url: str = client.app.state.service.settings.review_database_url()  # type: ignore[attr-defined]
    return url


def sign_in_as(client: TestClient, name: str, role: Role = Role.CLERK) -> None:
    """Adds the user (once) to the running app's database and logs in as them; the app then
    wants a login from every other client too, as it would in production."""
    store = accounts(database_of(client))
    if name not in {user.name for user in store.users()}:
        store.add_user(name, role, PASSWORD)
    log_in(client, name)
