"""Typed settings read from HENNO_* environment variables; nothing else reads os.environ."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HENNO_", extra="ignore")

    home: Path = Field(
        default=Path("."),
        description="The folder every relative path setting below is taken from; default: the "
                    "current folder.")
    models_dir: Path = Field(default=Path("models"), description="Where model versions live.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    host: str = Field(default="127.0.0.1", description="Address `henno serve` binds to.")
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes.")
    max_text_chars: int = Field(default=5000, ge=1, description="Longest reason text accepted.")
    max_batch_texts: int = Field(default=1000, ge=1, description="Most texts in one batch.")
    max_upload_bytes: int = Field(default=20 * 2**20, ge=1, description="Largest form file.")
    max_json_bytes: int = Field(default=16 * 2**20, ge=1, description="Largest JSON body.")
    state_dir: Path = Field(
        default=Path("var"),
        description="Git-ignored folder for the review database, session key and file jobs.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the review store; default sqlite:///<state_dir>/henno.db.")
    review_retention_days: int = Field(
        default=365, ge=1, le=36500,
        description="Review items created more than this many days ago (reviewed or not) are "
                    "deleted at start and by `henno feedback purge`.")
    train_data: Path = Field(default=Path("data/train.csv"),
                             description="Base corpus the web page retrains from.")
    test_data: Path = Field(default=Path("data/test.csv"),
                            description="Test set the web page's retraining is judged on.")
    public_origin: str | None = Field(
        default=None, pattern=r"^https?://[^/\s]+$",
        description="The page's address as browsers see it behind a proxy, e.g. "
                    "https://henno.city.example; https makes the session cookie Secure.")
    allowed_hosts: str = Field(
        default="",
        description="Comma-separated Host names the service answers (DNS-rebinding guard); "
                    "default: localhost, 127.0.0.1, ::1 and the host of HENNO_PUBLIC_ORIGIN.")
    max_batch_chars: int = Field(
        default=500_000, ge=1,
        description="Most characters in all the texts of one /v1/classify/batch request.")
    max_sheet_rows: int = Field(
        default=500_000, ge=1, description="Most rows read from a form file (CSV or sheet).")
    max_sheet_columns: int = Field(
        default=1000, ge=1, description="Most columns read from a form file (CSV or sheet).")
    label_workers: int = Field(
        default=2, ge=1, le=16,
        description="File-labelling jobs of the web page that run at once, per process.")
    job_max_rows: int = Field(
        default=200_000, ge=1, description="Most rows one web-page labelling job may hold.")
    files_dir: Path | None = Field(
        default=None,
        description="Uploaded and labelled files; may be storage shared by several servers. "
                    "Default: files/ in HENNO_STATE_DIR.")
    session_idle_minutes: int = Field(
        default=30, ge=1, le=24 * 60,
        description="A page session ends after this many minutes without a request.")
    session_max_hours: int = Field(
        default=12, ge=1, le=24 * 7,
        description="A page session ends this many hours after login, however active.")
    login_max_failures: int = Field(
        default=5, ge=1, le=100,
        description="Failed logins in a row that lock a user name for HENNO_LOGIN_LOCK_MINUTES.")
    login_lock_minutes: int = Field(default=15, ge=1, le=24 * 60,
                                    description="How long a locked user name stays locked.")
    audit_retention_days: int = Field(
        default=730, ge=1, le=36500,
        description="Audit entries older than this are deleted at start and by "
                    "`henno audit purge`.")
    metrics_public: bool = Field(
        default=False, description="true: /metrics answers without credentials.")
    model_check_seconds: float = Field(
        default=3.0, gt=0, le=300,
        description="How often every worker checks which model version is current.")
    job_lease_seconds: float = Field(
        default=30.0, gt=0, le=3600,
        description="A running job whose worker has not renewed its lease for this long is "
                    "taken as dead (failed, or started again by another worker).")

    # Removed in 0.3 (users and API keys replace them): read only to say at start that they
    # are ignored, never to let anyone in.
    removed_admin_token: SecretStr | None = Field(
        default=None, validation_alias="HENNO_ADMIN_TOKEN", exclude=True, repr=False,
        description="Removed: ignored (an error at start says how to move to users and keys).")
    removed_ui_token: SecretStr | None = Field(
        default=None, validation_alias="HENNO_UI_TOKEN", exclude=True, repr=False,
        description="Removed: ignored (an error at start says how to move to users and keys).")

    def removed_tokens(self) -> list[str]:
        """The removed token variables still set (blank counts as unset)."""
        values = {"HENNO_UI_TOKEN": self.removed_ui_token,
                  "HENNO_ADMIN_TOKEN": self.removed_admin_token}
        return [name for name, value in values.items() if value is not None]

    def review_database_url(self) -> str:
        """The review store's URL: HENNO_DATABASE_URL, or a SQLite file in the state folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.state_dir / 'henno.db').resolve()}"

    @field_validator("removed_admin_token", "removed_ui_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An env file with `HENNO_UI_TOKEN=` left blank is not worth an error at start.
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        return None if isinstance(text, str) and not text.strip() else value

    @model_validator(mode="after")
    def _anchor_paths_at_home(self) -> "Settings":
        # A service started from another folder must not silently use other files.
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name != "home" and isinstance(value, Path) and not value.is_absolute():
                setattr(self, name, self.home / value)
        return self

    def paths(self) -> dict[str, Path]:
        """Every path setting, absolute, by its variable name (logged at start)."""
        return {f"HENNO_{name.upper()}": getattr(self, name).resolve()
                for name in type(self).model_fields if isinstance(getattr(self, name), Path)}

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
