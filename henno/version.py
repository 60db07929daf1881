"""henno's version: written once, in pyproject.toml, and read from the installed metadata."""

from importlib import metadata


def _installed_version() -> str:
    try:
        return metadata.version("henno")
    except metadata.PackageNotFoundError:  # imported from a source tree never installed
        return "0+unknown"


__version__ = _installed_version()
