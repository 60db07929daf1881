"""requirements.lock pins every runtime dependency of pyproject.toml within its range, so
scripts/run and the offline bundle install what henno declares (run scripts/lock after a
change)."""

import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            found[canonicalize_name(name)] = version
    return found


def dependencies() -> list[str]:
    with open(REPO / "pyproject.toml", "rb") as handle:
        declared: list[str] = tomllib.load(handle)["project"]["dependencies"]
    return declared


@pytest.mark.parametrize("dependency", dependencies())
def test_lock_pins_each_dependency_within_its_range(dependency: str) -> None:
    requirement = Requirement(dependency)
    version = pins().get(canonicalize_name(requirement.name))
    assert version is not None, f"{requirement.name} is not in requirements.lock: run scripts/lock"
    assert requirement.specifier.contains(version), (
        f"{requirement.name}=={version} is outside {requirement.specifier}: run scripts/lock")


def test_lock_holds_no_development_tool() -> None:
    assert not set(pins()) & {"pytest", "ruff", "mypy", "playwright", "schemathesis", "psycopg",
                              "hypothesis", "psutil"}
