"""What the service says at start about settings that leave it open: loudly, in the log."""

import logging

from henno.service.hosts import is_loopback
from henno.settings import Settings

logger = logging.getLogger(__name__)
UNSET_TOKEN_EFFECTS = {
    "HENNO_UI_TOKEN": ("anyone who reaches this port can use the web page and the API "
                       "routes that carry residents' texts (/v1/classify, /v1/label-file)"),
    "HENNO_ADMIN_TOKEN": "/v1/admin/* and model changes from the web page are off",
}


def log_paths(settings: Settings) -> None:
    """The absolute folders and files in use, so a wrong HENNO_HOME shows at once."""
    paths = ", ".join(f"{name}={path}" for name, path in settings.paths().items())
    logger.info("paths in use: %s", paths)


def warn_about_settings(settings: Settings) -> None:
    values = {"HENNO_UI_TOKEN": settings.ui_token, "HENNO_ADMIN_TOKEN": settings.admin_token}
    unset = [name for name, value in values.items() if value is None]
    if unset:
        effects = "; ".join(f"{name}: {UNSET_TOKEN_EFFECTS[name]}" for name in unset)
        logger.warning("%s not set (an empty value counts as unset): %s",
                       " and ".join(unset), effects)
    if not is_loopback(settings.host):
        logger.warning("HENNO_HOST is not a loopback address: browsers are answered only for "
                       "the names in HENNO_ALLOWED_HOSTS (and this machine's IP addresses); "
                       "set it to the names clerks type")
