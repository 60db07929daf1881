"""`henno serve --workers 2` on a busy server: a worker that needs several seconds to import
henno is waited for, not killed and started again (uvicorn's supervisor kills a worker that
does not answer its ping within its health-check timeout, 5 s by default)."""

import os
from pathlib import Path

from henno.training.train import TrainResult
from tests.conftest import install_model
from tests.service.live import request, serve

# Run by every Python process started with this folder on PYTHONPATH: each uvicorn worker
# (a multiprocessing child) notes that it started, then starts 8 s late, as under load.
SLOW_START = """import os, sys, time
if "--multiprocessing-fork" in sys.argv:
    with open(os.path.join(os.path.dirname(__file__), "started"), "a") as started:
        started.write(f"{os.getpid()}\\n")
    time.sleep(8)
"""


def test_workers_slower_to_start_than_uvicorns_default_are_waited_for(
        small_model: TrainResult, tmp_path: Path) -> None:
    model_dir = tmp_path / "models"
    install_model(small_model, model_dir)
    (tmp_path / "sitecustomize.py").write_text(SLOW_START)
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    with serve(model_dir, workers=2, env={"PYTHONPATH": path}) as (port, process):
        assert request(port, "GET", "/readyz")[0] == 200
        assert process.poll() is None
        # Two workers started once each: none was killed as hung and started again.
        assert len((tmp_path / "started").read_text().split()) == 2
