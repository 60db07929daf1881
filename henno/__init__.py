"""henno: labels the free-text reasons residents give when returning a My Number card.

Everything installs under this one name (henno.model, henno.service, henno.cli, …), so
installing henno can neither overwrite nor be shadowed by another distribution's `model` or
`cli`. The repository keeps those folders at its top level; `henno/` links to them.
"""

from henno.version import __version__

__all__ = ["__version__"]
