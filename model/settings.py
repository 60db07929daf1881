"""Typed settings read from HENNO_* environment variables; nothing else reads os.environ."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HENNO_", extra="ignore")

    models_dir: Path = Field(default=Path("models"), description="Where model versions live.")
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, built once."""
    return Settings()
