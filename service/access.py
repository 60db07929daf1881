"""Who a request comes from: the accounts database as the service uses it, and the refusals
of a request without credentials or with the wrong role (their JSON or page form is chosen
by the error handlers, by path)."""

import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from henno.accounts import OPEN, AccountStore, PageSession, Principal
from henno.audit import AuditTrail
from henno.model.errors import HennoError
from henno.review.db import make_engine, upgrade
from henno.service.errors import ServiceError
from henno.settings import Settings

logger = logging.getLogger(__name__)


class NotLoggedIn(ServiceError):
    def __init__(self) -> None:
        super().__init__(401, "unauthorized",
                         "log in, or send Authorization: Bearer <API key>")
        self.headers = {"www-authenticate": "Bearer"}


class WrongRole(ServiceError):
    def __init__(self) -> None:
        super().__init__(403, "forbidden", "your role does not allow this")


class AccountsUnavailable(ServiceError):
    def __init__(self) -> None:
        super().__init__(503, "accounts_unavailable", "the account database is unavailable")


@dataclass(frozen=True)
class Visit:
    """A request's page session (None: none, or the cookie named no live one) and principal
    (None: no valid credentials while users or keys exist)."""

    session: PageSession | None
    principal: Principal | None


class Access:
    """The account store and audit trail over the review database; opened at start."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.engine: Engine | None = None
        self.store: AccountStore | None = None
        self.audit: AuditTrail | None = None

    def open(self) -> None:
        """Migrate and open; without a database every protected request gets a 503 (never
        an open door because the accounts could not be read)."""
        url, settings = self.settings.review_database_url(), self.settings
        try:
            upgrade(url)
            self.engine = make_engine(url)
            self.audit = AuditTrail(self.engine)
            self.store = AccountStore(
                self.engine, idle_minutes=settings.session_idle_minutes,
                max_hours=settings.session_max_hours, max_failures=settings.login_max_failures,
                lock_minutes=settings.login_lock_minutes, audit=self.audit)
        except (HennoError, SQLAlchemyError) as exc:
            logger.error("account database unavailable", extra={"error_type": type(exc).__name__})

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def accounts(self) -> AccountStore:
        if self.store is None:
            raise AccountsUnavailable()
        return self.store

    def identify(self, session_id: str | None, key: str | None) -> Visit:
        """The session of the cookie, else the principal of the key, else the open principal
        when no user or key exists at all."""
        store = self.accounts()
        try:
            session = store.session(session_id) if session_id else None
            if session is not None:
                return Visit(session, session.principal)
            principal = store.key_principal(key) if key else None
            if principal is None and not store.has_credentials():
                principal = OPEN
            return Visit(None, principal)
        except (HennoError, SQLAlchemyError) as exc:  # the store's AccountError wraps SQL errors
            logger.error("account lookup failed", extra={"error_type": type(exc).__name__})
            raise AccountsUnavailable() from None

    def runs_open(self) -> bool:
        return not self.accounts().has_credentials()
