"""What an audit entry records; stored as the enum's value."""

from enum import StrEnum


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKED = "locked"
    LOGOUT = "logout"
    FILE_LABELLED = "file_labelled"
    DOWNLOAD = "download"
    REVIEW_DECISION = "review_decision"
    REVIEW_UNDO = "review_undo"
    RETRAIN = "retrain"
    VERSION_SWITCH = "version_switch"
    PURGE = "purge"
    USER_ADDED = "user_added"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    PASSWORD_RESET = "password_reset"
    KEY_CREATED = "key_created"
    KEY_REVOKED = "key_revoked"
    AUDIT_PURGED = "audit_purged"
