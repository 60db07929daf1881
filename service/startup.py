"""What the service says at start about settings that leave it open: loudly, in the log."""

import logging

from henno.model.errors import HennoError
from henno.service.access import Access
from henno.service.hosts import is_loopback
from henno.settings import Settings

logger = logging.getLogger(__name__)
REMOVED_TOKENS = {
    "HENNO_UI_TOKEN": "add a user for each clerk: henno users add NAME --role clerk",
    "HENNO_ADMIN_TOKEN": ("add an admin user (henno users add NAME --role admin), and a key for "
                          "each program: henno api-keys create NAME --role admin"),
}
OPEN_WARNING = ("no user and no API key exists: anyone who reaches this port can use the web "
                "page and every API route, admin routes included; add one with "
                "`henno users add NAME --role admin`")


def log_paths(settings: Settings) -> None:
    """The absolute folders and files in use, so a wrong HENNO_HOME shows at once."""
    paths = ", ".join(f"{name}={path}" for name, path in settings.paths().items())
    logger.info("paths in use: %s", paths)


def warn_about_settings(settings: Settings) -> None:
    for name in settings.removed_tokens():
        logger.error("%s is set but ignored: it was removed in henno 0.3, and users and API "
                     "keys replace it; %s, then delete the line", name, REMOVED_TOKENS[name])
    if not is_loopback(settings.host):
        logger.warning("HENNO_HOST is not a loopback address: browsers are answered only for "
                       "the names in HENNO_ALLOWED_HOSTS (and this machine's IP addresses); "
                       "set it to the names clerks type")


def warn_when_open(access: Access) -> None:
    """A service without users runs open for local trials, and says so."""
    try:
        runs_open = access.runs_open()
    except HennoError:
        return  # the account database is unavailable: every request is refused, logged there
    if runs_open:
        logger.warning(OPEN_WARNING)
