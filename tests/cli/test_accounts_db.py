import os
from types import SimpleNamespace

import pytest

from henno.cli.accounts_db import cli_actor


def _raise(error: Exception) -> None:
    raise error


@pytest.mark.parametrize(("getuser", "actor"), [
    (lambda: "yamada", "cli:yamada"),
    (lambda: _raise(OSError("no login name")), f"cli:uid{os.getuid()}"),
    (lambda: _raise(KeyError("no passwd entry")), f"cli:uid{os.getuid()}"),
])
def test_cli_actor_names_the_os_user(monkeypatch: pytest.MonkeyPatch, getuser: object,
                                     actor: str) -> None:
    monkeypatch.setattr("henno.cli.accounts_db.getpass", SimpleNamespace(getuser=getuser))
    assert cli_actor() == actor
