"""An app over a private copy of the small model, with an admin token."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from model import store
from model.settings import Settings
from service.app import create_app
from tests.service.live import ADMIN_TOKEN
from training.train import TrainResult

__all__ = ["ADMIN_TOKEN", "client", "make_settings", "service_models"]


@pytest.fixture(scope="module")
def service_models(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Path:
    models = tmp_path_factory.mktemp("service-models")
    shutil.copytree(small_model.path, models / small_model.version)
    store.set_current(models, small_model.version)
    return models


def make_settings(models: Path, **overrides: object) -> Settings:
    return Settings(models_dir=models, admin_token=ADMIN_TOKEN, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(service_models: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(service_models))) as test_client:
        yield test_client
