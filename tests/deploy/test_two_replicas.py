"""Two replicas on two "machines" (issue #12, item 7): servers A and B with separate state
folders, sharing only a PostgreSQL database, the models folder and the files folder."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.deploy.replicas import Replica, Shared, replica, wait_for
from tests.review.postgres import fresh_database, postgres_server

pytestmark = pytest.mark.replicas
OTHER_VERSION = "20990101T000000Z-0c0d0e"
ADMIN_TOKEN = "test-admin-token-replicas"
ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}"}


@dataclass(frozen=True)
class Pair:
    a: Replica
    b: Replica
    shared: Shared
    first_version: str


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("replicas")
    models = install_model(small_model, root / "models")
    clone_version(models, small_model.version, OTHER_VERSION)
    (root / "files").mkdir()
    with postgres_server() as server:
        shared = Shared(fresh_database(server), models, root / "files",
                        {"HENNO_ADMIN_TOKEN": ADMIN_TOKEN, "HENNO_METRICS_PUBLIC": "true",
                         "HENNO_JOB_LEASE_SECONDS": "3"})
        # A starts first: it runs the migrations; B finds the database up to date.
        with replica("A", shared, root / "state-a") as a, \
                replica("B", shared, root / "state-b") as b:
            yield Pair(a, b, shared, small_model.version)


def test_a_version_switched_on_a_is_served_by_b_within_5_seconds(pair: Pair) -> None:
    assert pair.b.served_version() == pair.first_version
    status, body = pair.a.call("POST", "/v1/admin/switch", {"version": OTHER_VERSION}, ADMIN)
    assert (status, body) == (200, {"model_version": OTHER_VERSION,
                                    "previous_version": pair.first_version})
    assert pair.a.served_version() == OTHER_VERSION  # at once where it was switched
    assert wait_for(lambda: pair.b.served_version() == OTHER_VERSION, 5)
