"""Loading model artifacts pickled by henno 0.2 and older, before its packages moved under the
`henno` name: their classes are recorded as `model.features.TextAnalyzer`, not
`henno.model.features.TextAnalyzer`.

While such a file is unpickled, the old names point at the imported henno modules, so the old
paths resolve to today's classes; no other `model` (a local `model.py`, the repository's own
folder) is imported. The names are put back as they were afterwards.
"""

import importlib
import pkgutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import joblib

# Written into metadata.json by every henno that pickles under the `henno` name.
PICKLED_NAMES = "henno"
# The packages whose classes a fitted pipeline holds.
_PICKLED_PACKAGES = ("model", "training")
_lock = threading.Lock()


def load_legacy_artifact(path: Path) -> Any:
    """joblib.load of an artifact that names henno's classes by their 0.2 paths."""
    with old_names():
        return joblib.load(path)


def _henno_modules(package: str) -> dict[str, ModuleType]:
    root = importlib.import_module(f"henno.{package}")
    modules = {package: root}
    for info in pkgutil.walk_packages(root.__path__, prefix=f"henno.{package}."):
        modules[info.name.removeprefix("henno.")] = importlib.import_module(info.name)
    return modules


@contextmanager
def old_names() -> Iterator[None]:
    """`model.features` and the like name henno's modules while the block runs."""
    with _lock:
        aliases = {old: module for package in _PICKLED_PACKAGES
                   for old, module in _henno_modules(package).items()}
        before = {old: sys.modules[old] for old in aliases if old in sys.modules}
        sys.modules.update(aliases)
        try:
            yield
        finally:
            for old in aliases:
                del sys.modules[old]
            sys.modules.update(before)
