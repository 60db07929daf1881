from collections.abc import Iterator

import pytest

from henno.accounts import AccountStore, Role
from henno.cli.main import main
from tests.cli.accounts_setup import (
    ACTOR,
    PASSWORD,
    accounts_at,
    accounts_cli,  # noqa: F401
    audit_rows,
    stdin,
)


@pytest.fixture
def accounts(review_url: str) -> Iterator[AccountStore]:
    yield from accounts_at(review_url)


def test_add_with_password_stdin(review_url: str, accounts: AccountStore,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", "sato.hanako", "--role", "clerk", "--password-stdin"]) == 0
    assert capsys.readouterr().out == "added user sato.hanako (clerk)\n"
    assert accounts.login("sato.hanako", PASSWORD).principal.role is Role.CLERK
    assert audit_rows(review_url)[0] == (ACTOR, "user_added", "ok",
                                         {"user": "sato.hanako", "role": "clerk"})


def test_add_asks_twice_at_a_terminal(accounts: AccountStore, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return PASSWORD

    stdin(monkeypatch, "", terminal=True)
    monkeypatch.setattr("getpass.getpass", typed)
    assert main(["users", "add", "ito", "--role", "admin"]) == 0
    assert prompts == ["New password (12 characters or more): ", "The same password again: "]
    assert accounts.login("ito", PASSWORD).principal.role is Role.ADMIN


@pytest.mark.parametrize(("typed", "terminal", "message"), [
    (["correct horse battery", "correct horse batterz"], True,
     "the two passwords differ; nothing was changed"),
    (["too short", "too short"], True,
     "the password is too short: use at least 12 characters"),
    ([], False, "no terminal to ask for the password: use --password-stdin"),
])
def test_add_refuses_a_bad_password(accounts: AccountStore, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], typed: list[str],
                                    terminal: bool, message: str) -> None:
    answers = iter(typed)
    stdin(monkeypatch, "", terminal=terminal)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["users", "add", "ito", "--role", "clerk"]) == 2
    assert capsys.readouterr().err == f"henno: error: {message}\n"
    assert accounts.users() == []


@pytest.mark.parametrize(("given", "message"), [
    ("", "no password on standard input"),
    ("short\n", "the password is too short: use at least 12 characters"),
    ("x" * 2000 + "\n", "the password is too long: use at most 1024 characters"),
])
def test_add_refuses_a_bad_password_on_stdin(accounts: AccountStore,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], given: str,
                                             message: str) -> None:
    stdin(monkeypatch, given)
    assert main(["users", "add", "ito", "--role", "clerk", "--password-stdin"]) == 2
    assert capsys.readouterr().err == f"henno: error: {message}\n"


def test_add_keeps_spaces_in_a_password_from_stdin(accounts: AccountStore,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, "  spaced password  \r\n")
    assert main(["users", "add", "ito", "--role", "clerk", "--password-stdin"]) == 0
    assert accounts.login("ito", "  spaced password  ").principal.name == "ito"


@pytest.mark.parametrize("args", [
    ["users", "add", "ito"],
    ["users", "add", "ito", "--role", "root"],
    ["users"],
    ["users", "disable"],
])
def test_usage_errors_exit_2(review_url: str, args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2


def test_add_a_taken_name_exits_2(accounts: AccountStore, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    accounts.add_user("ito", Role.CLERK, PASSWORD)
    stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", "ito", "--role", "admin", "--password-stdin"]) == 2
    assert capsys.readouterr().err == "henno: error: user ito already exists\n"


def test_list_shows_roles_and_states(accounts: AccountStore,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    accounts.add_user("ito", Role.ADMIN, PASSWORD)
    accounts.add_user("sato", Role.CLERK, PASSWORD)
    accounts.set_disabled("sato", True)
    assert main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "name\trole\tstate\tcreated\tlast login"
    assert [line.split("\t")[:3] for line in lines[1:]] == [["ito", "admin", "active"],
                                                            ["sato", "clerk", "disabled"]]
    assert all(line.endswith("\tnever") for line in lines[1:])


@pytest.mark.parametrize(("keys", "said"), [
    ([], "no users and no API keys: the service runs open to anyone who reaches it\n"),
    (["nightly"], "no users: nobody can log in on the web page; the API needs a key\n"),
    (["revoked"], "no users and no API keys: the service runs open to anyone who reaches it\n"),
])
def test_list_without_users_says_whether_the_service_is_open(
        accounts: AccountStore, capsys: pytest.CaptureFixture[str], keys: list[str],
        said: str) -> None:
    for name in keys:
        accounts.create_key(name, Role.CLERK)
        if name == "revoked":
            accounts.revoke_key(name)
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out == said


@pytest.mark.parametrize(("typed", "stored"), [
    ("佐藤 花子", "佐藤 花子"),
    ("佐藤\u3000花子", "佐藤 花子"),  # a Japanese IME types a full-width space
])
def test_a_name_with_a_space_works_in_every_command(
        review_url: str, accounts: AccountStore, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], typed: str, stored: str) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", typed, "--role", "clerk", "--password-stdin"]) == 0
    assert [user.name for user in accounts.users()] == [stored]
    assert main(["users", "disable", typed]) == 0
    assert main(["users", "enable", "佐藤\u3000花子"]) == 0
    stdin(monkeypatch, "another password 2\n")
    assert main(["users", "reset-password", "佐藤 花子", "--password-stdin"]) == 0
    assert capsys.readouterr().out == (f"added user {stored} (clerk)\n"
                                       f"disabled user {stored}; their sessions ended\n"
                                       f"enabled user {stored}\n"
                                       f"new password set for {stored}; their sessions ended\n")
    assert accounts.login(stored, "another password 2").principal.name == stored
    assert [objects["user"] for actor, _, _, objects in audit_rows(review_url)
            if actor == ACTOR] == [stored] * 4


@pytest.mark.parametrize("typed", [" 佐藤 花子", "佐藤 花子 ", "佐藤  花子", "佐藤\n花子"])
def test_add_refuses_a_name_with_outer_or_double_spaces(
        accounts: AccountStore, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], typed: str) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", typed, "--role", "clerk", "--password-stdin"]) == 2
    assert capsys.readouterr().err == (
        "henno: error: a user name has 1 to 64 characters: words separated by single spaces, "
        "without control characters\n")
    assert accounts.users() == []


def test_disable_ends_sessions_and_enable_lets_in_again(
        review_url: str, accounts: AccountStore, capsys: pytest.CaptureFixture[str]) -> None:
    accounts.add_user("sato", Role.CLERK, PASSWORD)
    page = accounts.login("sato", PASSWORD)
    assert main(["users", "disable", "sato"]) == 0
    assert accounts.session(page.id) is None
    assert main(["users", "enable", "sato"]) == 0
    assert accounts.login("sato", PASSWORD).principal.name == "sato"
    assert capsys.readouterr().out == ("disabled user sato; their sessions ended\n"
                                       "enabled user sato\n")
    assert [(actor, action, objects) for actor, action, _, objects in audit_rows(review_url)
            if actor == ACTOR] == [(ACTOR, "user_disabled", {"user": "sato"}),
                                   (ACTOR, "user_enabled", {"user": "sato"})]


def test_reset_password(review_url: str, accounts: AccountStore,
                        monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    accounts.add_user("sato", Role.CLERK, PASSWORD)
    page = accounts.login("sato", PASSWORD)
    stdin(monkeypatch, "a brand new password\n")
    assert main(["users", "reset-password", "sato", "--password-stdin"]) == 0
    assert capsys.readouterr().out == "new password set for sato; their sessions ended\n"
    assert accounts.session(page.id) is None
    assert accounts.login("sato", "a brand new password").principal.name == "sato"
    assert (ACTOR, "password_reset", "ok", {"user": "sato"}) in audit_rows(review_url)


@pytest.mark.parametrize("args", [["disable", "nobody"], ["enable", "nobody"],
                                  ["reset-password", "nobody", "--password-stdin"]])
def test_changing_an_unknown_user_exits_2(accounts: AccountStore, args: list[str],
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", *args]) == 2
    assert capsys.readouterr().err == "henno: error: user nobody does not exist\n"


def test_no_password_reaches_the_audit_trail(review_url: str, accounts: AccountStore,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, PASSWORD + "\n")
    main(["users", "add", "sato", "--role", "clerk", "--password-stdin"])
    assert PASSWORD not in repr(audit_rows(review_url))


def test_a_name_with_a_space_is_one_cell_of_the_audit_export(
        review_url: str, accounts: AccountStore, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "add", "佐藤 花子", "--role", "clerk", "--password-stdin"]) == 0
    capsys.readouterr()
    assert main(["audit", "export", "-o", "-"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [row[1:] for row in rows[1:]] == [
        [ACTOR, "user_added", "ok", "role=clerk; user=佐藤 花子"]]
