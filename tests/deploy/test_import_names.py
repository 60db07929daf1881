"""Every import of henno's own code goes through the one `henno` name: an import of the bare
folder (`from model.labels import ...`) would load a second copy of the module."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OWN = {path.name for path in (REPO / "henno").iterdir() if path.is_symlink()}
SKIPPED = {".venv", ".venv-run", "build", ".git", "henno"}  # henno/ links to the folders


def python_files() -> list[Path]:
    return sorted(path for path in REPO.rglob("*.py")
                  if not SKIPPED & set(path.relative_to(REPO).parts))


def bare_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        found += [f"{path.relative_to(REPO)}:{node.lineno} {name}" for name in names
                  if name.split(".")[0] in OWN]
    return found


def test_the_links_cover_the_packages() -> None:
    assert {"model", "service", "training", "cli", "forms", "labelling", "review",
            "maintenance"} <= OWN


@pytest.mark.parametrize("path", python_files(), ids=lambda path: str(path.relative_to(REPO)))
def test_no_file_imports_a_bare_folder(path: Path) -> None:
    assert bare_imports(path) == []
