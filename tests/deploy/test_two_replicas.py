"""Two replicas on two "machines" (issue #12, item 7): servers A and B with separate state
folders, sharing only a PostgreSQL database, the models folder and the files folder."""

import json
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from henno.training.train import TrainResult
from tests.conftest import TEST_CSV, clone_version, install_model, read_rows
from tests.deploy.browser import Browser
from tests.deploy.replicas import Replica, Shared, henno, replica, wait_for
from tests.review.postgres import fresh_database, postgres_server

pytestmark = pytest.mark.replicas
OTHER_VERSION = "20990101T000000Z-0c0d0e"
PASSWORD = "correct-horse-0000"
CLERKS = ("sato.hanako", "ito.jiro")  # fictional


@dataclass(frozen=True)
class Pair:
    a: Replica
    b: Replica
    shared: Shared
    first_version: str
    api: dict[str, str]  # an admin key's Authorization header

    def clerk(self, name: str) -> Browser:
        browser = Browser()
        assert browser.log_in(self.a.port, name, PASSWORD).status == 303
        return browser


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("replicas")
    models = install_model(small_model, root / "models")
    clone_version(models, small_model.version, OTHER_VERSION)
    (root / "files").mkdir()
    with postgres_server() as server:
        shared = Shared(fresh_database(server), models, root / "files",
                        {"HENNO_METRICS_PUBLIC": "true", "HENNO_JOB_LEASE_SECONDS": "3"})
        for name in CLERKS:  # the CLI migrates the database first
            henno(shared, root / "state-a", "users", "add", name, "--role", "clerk",
                  "--password-stdin", stdin=PASSWORD + "\n")
        key = henno(shared, root / "state-a", "api-keys", "create", "deploy", "--role",
                    "admin").strip()
        with replica("A", shared, root / "state-a") as a, \
                replica("B", shared, root / "state-b") as b:
            yield Pair(a, b, shared, small_model.version, {"authorization": f"Bearer {key}"})


def test_a_version_switched_on_a_is_served_by_b_within_5_seconds(pair: Pair) -> None:
    assert pair.b.served_version(pair.api) == pair.first_version
    status, body = pair.a.call("POST", "/v1/admin/switch", {"version": OTHER_VERSION},
                               pair.api)
    assert (status, body) == (200, {"model_version": OTHER_VERSION,
                                    "previous_version": pair.first_version})
    assert pair.a.served_version(pair.api) == OTHER_VERSION  # at once where it was switched
    assert wait_for(lambda: pair.b.served_version(pair.api) == OTHER_VERSION, 5)


def test_a_session_made_on_a_works_on_b_until_logout_on_a(pair: Pair) -> None:
    browser = pair.clerk(CLERKS[0])
    session = dict(browser.cookies)  # what a second tab, or a thief, still holds
    assert browser.get(pair.b.port, "/").status == 200
    page = browser.get(pair.a.port, "/")
    assert browser.post(pair.a.port, "/logout", {"csrf": page.csrf()}).status == 303
    answer = Browser(session).get(pair.b.port, "/")
    assert answer.status == 303
    assert answer.headers["location"].startswith("/login")


def _ledger(rows: int) -> bytes:
    texts = [text for text, _ in read_rows(TEST_CSV)]
    lines = ["受付番号,返納理由"] + [f"{n},{texts[n % len(texts)]}" for n in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(browser: Browser, replica: Replica, rows: int) -> str:
    """Uploads a ledger through the files page of `replica`; the job's page path."""
    form = browser.get(replica.port, "/files")
    answer = browser.upload(replica.port, "/files", "返納受付簿.csv", _ledger(rows),
                            {"csrf": form.csrf()})
    assert answer.status == 303, answer.text
    return answer.headers["location"]


def start(browser: Browser, replica: Replica, job: str) -> None:
    page = browser.get(replica.port, job)
    answer = browser.post(replica.port, f"{job}/start", {"text_column": "2",
                                                         "csrf": page.csrf()})
    assert answer.status == 303, answer.text


def status(browser: Browser, replica: Replica, job: str) -> str:
    return str(json.loads(browser.get(replica.port, f"{job}/status").body)["status"])


def test_a_file_uploaded_on_a_is_labelled_listed_and_downloaded_on_b(pair: Pair) -> None:
    browser = pair.clerk(CLERKS[0])
    job = upload(browser, pair.a, 40)
    start(browser, pair.b, job)
    assert wait_for(lambda: status(browser, pair.b, job) == "done", 60)
    assert job.rsplit("/", 1)[1] in browser.get(pair.b.port, "/files").text
    download = browser.get(pair.b.port, f"{job}/download")
    assert download.status == 200
    header = download.body.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("受付番号,返納理由,判定")


def test_two_clerks_on_a_and_b_never_get_the_same_review_item(pair: Pair) -> None:
    ledger = pair.a.log.parent / "ledger.csv"
    ledger.write_bytes(_ledger(12))
    henno(pair.shared, ledger.parent, "label", str(ledger), "--review")
    clerks = [(pair.clerk(CLERKS[0]), pair.a), (pair.clerk(CLERKS[1]), pair.b)]
    with ThreadPoolExecutor(2) as pool:
        for _ in range(3):
            pages = list(pool.map(lambda c: c[0].get(c[1].port, "/review"), clerks))
            items = [page.review_item() for page in pages]
            assert None not in items and items[0] != items[1], items
            for (browser, server), page, item in zip(clerks, pages, items, strict=True):
                browser.post(server.port, "/review/decide", {
                    "item_id": str(item), "label": "other", "csrf": page.csrf()})


def test_kill_9_during_a_file_job_leaves_it_failed_or_finished_never_running(
        pair: Pair) -> None:
    browser = pair.clerk(CLERKS[0])
    job = upload(browser, pair.a, 30_000)
    os.kill(pair.b.process.pid, signal.SIGSTOP)  # only A may claim the job
    try:
        start(browser, pair.a, job)
        assert wait_for(lambda: status(browser, pair.a, job) == "running", 30)
        pair.a.process.kill()
        pair.a.process.wait()
    finally:
        os.kill(pair.b.process.pid, signal.SIGCONT)
    assert wait_for(lambda: status(browser, pair.b, job) in ("failed", "done"), 30)
