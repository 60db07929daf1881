"""Fictional personal data the privacy tests send in and look for everywhere it must not be."""

import logging

PHONE, NUMBER = "090-0000-4321", "0000 1111 2222"
POSTAL = "〒100-0000"
# Parts a careless redaction could leave behind.
FRAGMENTS = ["4321", "1111 2222"]


def secrets_of(name: str, mail: str) -> list[str]:
    return [name, PHONE, NUMBER, mail, POSTAL, *FRAGMENTS]


def reason_with(name: str, mail: str, reason: str) -> str:
    return f"{name}です。{PHONE} {mail} {POSTAL} 個人番号{NUMBER}。{reason}"


def leaks(blob: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in blob]


# Attributes every LogRecord has; a pid or timestamp may contain "4321" by chance, so only the
# message and the fields henno adds (extra=...) are searched.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def logged_text(records: list[logging.LogRecord]) -> str:
    """Each record's message and the extra fields henno logged with it."""
    return "\n".join(
        record.getMessage()
        + str({k: v for k, v in vars(record).items() if k not in _RECORD_ATTRIBUTES})
        + str(record.args or "") + str(record.exc_text or "")
        for record in records)
