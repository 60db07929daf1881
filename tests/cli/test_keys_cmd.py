from collections.abc import Iterator

import pytest

from henno.accounts import AccountStore, Principal, Role
from henno.cli.main import main
from tests.cli.accounts_setup import ACTOR, accounts_at, accounts_cli, audit_rows  # noqa: F401


@pytest.fixture
def accounts(review_url: str) -> Iterator[AccountStore]:
    yield from accounts_at(review_url)


def test_create_prints_the_key_alone_on_stdout(review_url: str, accounts: AccountStore,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["api-keys", "create", "nightly-batch", "--role", "clerk"]) == 0
    out, err = capsys.readouterr()
    key = out.removesuffix("\n")
    assert "\n" not in key and key.startswith("henno_")
    assert err == "created API key nightly-batch (clerk); it is shown only this once\n"
    assert accounts.key_principal(key) == Principal(kind="key", name="nightly-batch",
                                                    role=Role.CLERK)
    assert audit_rows(review_url) == [(ACTOR, "key_created", "ok",
                                       {"key": "nightly-batch", "role": "clerk"})]
    assert key not in repr(audit_rows(review_url))


def test_list_and_revoke(review_url: str, accounts: AccountStore,
                         capsys: pytest.CaptureFixture[str]) -> None:
    key = accounts.create_key("nightly", Role.ADMIN)
    assert main(["api-keys", "revoke", "nightly"]) == 0
    assert accounts.key_principal(key) is None
    assert main(["api-keys", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "revoked API key nightly"
    assert lines[1] == "name\trole\tcreated\trevoked"
    name, role, _, revoked = lines[2].split("\t")
    assert (name, role) == ("nightly", "admin") and revoked != "-"
    assert (ACTOR, "key_revoked", "ok", {"key": "nightly"}) in audit_rows(review_url)


def test_list_without_keys(accounts: AccountStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["api-keys", "list"]) == 0
    assert capsys.readouterr().out == "no API keys\n"


@pytest.mark.parametrize(("args", "message"), [
    (["revoke", "nobody"], "API key nobody does not exist"),
    (["create", "nightly", "--role", "clerk"], "API key nightly already exists"),
])
def test_refusals_exit_2(accounts: AccountStore, capsys: pytest.CaptureFixture[str],
                         args: list[str], message: str) -> None:
    accounts.create_key("nightly", Role.CLERK)
    assert main(["api-keys", *args]) == 2
    assert capsys.readouterr() == ("", f"henno: error: {message}\n")


@pytest.mark.parametrize("args", [["create", "x"], ["create", "x", "--role", "root"],
                                  ["revoke"]])
def test_usage_errors_exit_2(review_url: str, args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["api-keys", *args])
    assert caught.value.code == 2
