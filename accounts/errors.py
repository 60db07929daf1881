"""Errors of the accounts; all are HennoError, so the CLI and the service report them."""

from henno.model.errors import HennoError


class AccountError(HennoError):
    """A user or key that cannot be added, changed or found, or a refused password."""

    code = "account"


class LoginRefused(HennoError):
    """One message for every cause (unknown name, wrong password, locked, disabled), so a
    login form tells nobody which user names exist."""

    code = "login_refused"

    def __init__(self) -> None:
        super().__init__("login refused: wrong user name or password, or the account is "
                         "locked or disabled")
