"""Oversized uploads to the real server: refused without being read into memory."""

import contextlib
import http.client
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

from henno.training.train import TrainResult
from tests.conftest import install_model
from tests.security import hostile
from tests.service.live import serve

LINE_BYTES = 50 * 2**20  # one CSV line of 50 MB, over the 20 MB default limit
CHUNK = b"a" * 2**20


@contextlib.contextmanager
def peak_growth(pid: int) -> Iterator[list[int]]:
    """How far the process's resident memory rose above where it started, sampled every
    10 ms while the block runs; read [0] after the block."""
    server = psutil.Process(pid)
    before, peak, done = server.memory_info().rss, [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], server.memory_info().rss - before)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def _line() -> Iterator[bytes]:
    yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
    yield "返納理由\n".encode()
    for _ in range(LINE_BYTES // len(CHUNK)):
        yield CHUNK
    yield b"\r\n--b--\r\n"


def _post(port: int, declared: bool) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"content-type": "multipart/form-data; boundary=b"}
    try:
        if declared:
            body = b"".join(_line())
            headers["content-length"] = str(len(body))
            connection.request("POST", "/v1/label-file", body=body, headers=headers)
        else:
            connection.request("POST", "/v1/label-file", body=_line(), headers=headers,
                               encode_chunked=True)
        return connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        return 413  # the server answered 413 and closed while the body was still coming
    finally:
        connection.close()


def test_oversized_uploads_are_refused_with_memory_bounded(tmp_path: Path,
                                                           small_model: TrainResult) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    with serve(models) as (port, process), peak_growth(process.pid) as growth:
        statuses = [_post(port, declared=True), _post(port, declared=False)]
    assert statuses == [413, 413]
    # The 20 MB limit plus a margin; reading the 50 MB body whole would exceed it.
    assert growth[0] < 30 * 2**20, growth


def _multipart(name: str, data: bytes) -> bytes:
    return (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name.encode()
            + b"\"\r\n\r\n" + data + b"\r\n--b--\r\n")


def _post_file(port: int, name: str, data: bytes) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", "/v1/label-file", body=_multipart(name, data),
                           headers={"content-type": "multipart/form-data; boundary=b"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_sparse_workbooks_cost_the_server_almost_no_memory(tmp_path: Path,
                                                          small_model: TrainResult) -> None:
    """Finding 1: the 1.6 KB workbook declaring A1:XFD20000 grew the server from 300 MB to
    5.3 GB; its row-1,048,576 variant would have needed about 130 GB."""
    models = tmp_path / "models"
    install_model(small_model, models)
    with serve(models) as (port, process), peak_growth(process.pid) as growth:
        statuses = [_post_file(port, "sparse.xlsx", hostile.sparse_workbook(20_000)),
                    _post_file(port, "sparse.xlsx", hostile.sparse_workbook(1_048_576))]
    assert statuses == [200, 422]
    assert growth[0] < 100 * 2**20, growth
