"""An app over a private copy of the small model. No user or key exists in its database, so
it runs open (every route allowed, as for a local trial); tests of who may do what add users
and keys with tests.service.accounts."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.app import create_app
from henno.settings import Settings
from henno.training.train import TrainResult
from tests.conftest import install_model

__all__ = ["client", "make_settings", "service_models"]


@pytest.fixture(scope="module")
def service_models(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Path:
    models = tmp_path_factory.mktemp("service-models")
    install_model(small_model, models)
    return models


def make_settings(models: Path, **overrides: object) -> Settings:
    """Settings over `models`; the state folder (the database) beside it."""
    overrides.setdefault("state_dir", models.parent / f"{models.name}-state")
    overrides.setdefault("allowed_hosts", "testserver")  # TestClient's default Host
    return Settings(models_dir=models, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(service_models: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(service_models))) as test_client:
        yield test_client
