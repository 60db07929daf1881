"""An app over a private copy of the small model, with an admin token."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.app import create_app
from henno.settings import Settings
from henno.training.train import TrainResult
from tests.conftest import install_model
from tests.service.live import ADMIN_TOKEN

__all__ = ["ADMIN_TOKEN", "client", "make_settings", "service_models"]


@pytest.fixture(scope="module")
def service_models(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Path:
    models = tmp_path_factory.mktemp("service-models")
    install_model(small_model, models)
    return models


def make_settings(models: Path, **overrides: object) -> Settings:
    """Settings over `models`; the state folder (review database, session key) beside it."""
    overrides.setdefault("state_dir", models.parent / f"{models.name}-state")
    overrides.setdefault("admin_token", ADMIN_TOKEN)
    overrides.setdefault("allowed_hosts", "testserver")  # TestClient's default Host
    return Settings(models_dir=models, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(service_models: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(service_models))) as test_client:
        yield test_client
