"""Every route of the app is behind the door, except the few that must stay open: a route
added later without a guard fails here, in the table and against the running app."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from henno.accounts import Role
from henno.service.app import create_app
from henno.service.deps import require_admin, require_clerk, require_metrics_access
from tests.service.accounts import add_user
from tests.service.conftest import make_settings
from tests.service.ui.conftest import ui_client

OPEN_ROUTES = {"/healthz", "/readyz", "/login"}
OPEN_MOUNTS = {"/static", "/docs/assets"}  # files of the page and of /docs, no data
GUARDS: set[Callable[..., Any]] = {require_clerk, require_admin, require_metrics_access}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _routes(app: FastAPI) -> list[RouteContext]:
    """Every route as served: an included router's own dependencies count for its routes."""
    return list(iter_route_contexts(app.routes))


def _unguarded(app: FastAPI) -> list[str]:
    found = []
    for route in _routes(app):
        original, path = route.original_route, route.path or ""
        if isinstance(original, Mount) and path in OPEN_MOUNTS:
            continue
        guarded = isinstance(original, APIRoute) and (
            path in OPEN_ROUTES or bool(GUARDS & set(_calls(route.dependant))))
        if guarded:
            continue
        found.append(f"{type(original).__name__} {path}")
    return found


def test_every_route_but_the_open_ones_has_a_guard(service_models: Path) -> None:
    assert _unguarded(create_app(make_settings(service_models))) == []


def test_a_route_without_a_guard_is_found(service_models: Path) -> None:
    app = create_app(make_settings(service_models))

    @app.get("/v1/forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    assert _unguarded(app) == ["APIRoute /v1/forgotten"]


@pytest.fixture(scope="module")
def guarded(service_models: Path, tmp_path_factory: pytest.TempPathFactory,
            small_data: tuple[Path, Path]) -> Iterator[TestClient]:
    state = tmp_path_factory.mktemp("guarded") / "state"
    add_user(f"sqlite:///{state / 'henno.db'}", "sato", Role.CLERK)
    with ui_client(service_models, state, small_data) as client:
        yield client


def _requests() -> list[tuple[str, str]]:
    app = create_app(make_settings(Path("/nonexistent-models")))
    return sorted((sorted(route.methods or {"GET"})[0], _filled(route.path or ""))
                  for route in _routes(app)
                  if isinstance(route.original_route, APIRoute)
                  and route.path not in OPEN_ROUTES)


def _filled(path: str) -> str:
    """Any value for a path parameter: the guard answers before the route looks at it."""
    return re.sub(r"\{[^}]+\}", "x", path)


@pytest.mark.parametrize(("method", "path"), _requests())
def test_every_guarded_route_refuses_a_stranger(guarded: TestClient, method: str,
                                                path: str) -> None:
    response = guarded.request(method, path, follow_redirects=False)
    if path.startswith(("/v1/", "/metrics", "/docs", "/openapi.json")):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    elif method == "GET":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    else:
        assert response.status_code == 401
        assert "ログインしてください" in response.text


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/login", "/static/app.css"])
def test_the_open_routes_answer_a_stranger(guarded: TestClient, path: str) -> None:
    assert guarded.get(path).status_code == 200
