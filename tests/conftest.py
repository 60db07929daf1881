"""Shared fixtures: a small corpus sample, and models trained once per session."""

import csv
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from henno.model import store
from henno.model.classifier import Classifier
from henno.model.labels import LABELS
from henno.settings import get_settings
from henno.training.train import TrainResult, train_model

REPO = Path(__file__).resolve().parents[1]
TRAIN_CSV = REPO / "data" / "train.csv"
TEST_CSV = REPO / "data" / "test.csv"


def read_rows(path: Path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [(row["text"], row["label"]) for row in csv.DictReader(handle)]


def write_rows(path: Path, rows: list[tuple[str, str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


def sample_rows(path: Path, per_label: int, seed: int = 0) -> list[tuple[str, str]]:
    rows = read_rows(path)
    rng = random.Random(seed)
    picked: list[tuple[str, str]] = []
    for label in LABELS:
        picked += rng.sample([r for r in rows if r[1] == label], per_label)
    return picked


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 250-row training and 100-row test CSV drawn from the corpus."""
    folder = tmp_path_factory.mktemp("small")
    train = write_rows(folder / "train.csv", sample_rows(TRAIN_CSV, 50))
    test = write_rows(folder / "test.csv", sample_rows(TEST_CSV, 20))
    return train, test


@pytest.fixture(scope="session")
def small_model(tmp_path_factory: pytest.TempPathFactory,
                small_data: tuple[Path, Path]) -> TrainResult:
    """A model trained on small_data in its own models directory."""
    models_dir = tmp_path_factory.mktemp("small-models")
    return train_model(*small_data, models_dir, n_jobs=1)


@pytest.fixture(scope="session")
def small_classifier(small_model: TrainResult) -> Classifier:
    return Classifier.load(small_model.path)


@pytest.fixture(scope="session")
def corpus_classifier(tmp_path_factory: pytest.TempPathFactory) -> Classifier:
    """The default model, trained on the whole of data/train.csv (about 15 s)."""
    models_dir = tmp_path_factory.mktemp("corpus-models")
    result = train_model(TRAIN_CSV, TEST_CSV, models_dir)
    return Classifier.load(result.path)


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty models directory that HENNO_MODELS_DIR points to."""
    folder = tmp_path / "models"
    monkeypatch.setenv("HENNO_MODELS_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


@pytest.fixture
def review_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """HENNO_DATABASE_URL naming a fresh SQLite file."""
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    monkeypatch.setenv("HENNO_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def current_of(models_dir: Path) -> str | None:
    return store.current_version(models_dir)


def install_model(result: TrainResult, models: Path) -> Path:
    """`models` holding a copy of a trained version, made current."""
    shutil.copytree(result.path, models / result.version)
    store.set_current(models, result.version)
    return models


def clone_version(models: Path, source: str, new: str) -> None:
    """A copy of version `source` under the id `new` (its metadata says `new` too)."""
    shutil.copytree(models / source, models / new)
    metadata_path = models / new / "metadata.json"
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    metadata["version"] = new
    metadata_path.write_text(json.dumps(metadata), encoding="utf-8")


@pytest.fixture
def cli_models(models_dir: Path, small_model: TrainResult) -> Path:
    """HENNO_MODELS_DIR holding the small model as current."""
    return install_model(small_model, models_dir)


CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that reaches for the network: this machine's network is closed.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, one for the whole session: a second
    sync_playwright() while this one runs would fail (its event loop owns the thread)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run scripts/system-packages (scripts/test does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        yield launched
        launched.close()
