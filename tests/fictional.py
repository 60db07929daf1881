"""Fictional personal data the privacy tests send in and look for everywhere it must not be."""

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
