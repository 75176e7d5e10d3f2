"""One typed Settings object, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Engine = Literal["auto", "offline", "openai"]


class Settings(BaseSettings):
    """Everything configurable about the copilot; see `.env.example` for the documented list."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    home: Path = Field(Path(".csm-copilot"), validation_alias="CSM_COPILOT_HOME")
    knowledge: Path = Field(Path("knowledge"), validation_alias="CSM_COPILOT_KNOWLEDGE")
    engine: Engine = Field("auto", validation_alias="CSM_COPILOT_ENGINE")
    model: str = Field("gpt-4o-mini", validation_alias="CSM_COPILOT_MODEL")
    # "minilm" (local, default), "openai:<model>" (OpenAI embeddings) or "hash" (no model; tests only).
    embeddings: str = Field("minilm", validation_alias="CSM_COPILOT_EMBEDDINGS")
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_api_base_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_BASE_URL")
    redact_pii: bool = Field(False, validation_alias="CSM_COPILOT_REDACT_PII")
    # Health score weights and thresholds; default: <home>/health.yaml if present, else the packaged file.
    health_config: Path | None = Field(None, validation_alias="CSM_COPILOT_HEALTH_CONFIG")

    @field_validator("embeddings")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value in ("minilm", "hash") or value.startswith("openai:"):
            return value
        raise ValueError("CSM_COPILOT_EMBEDDINGS must be 'minilm', 'hash' or 'openai:<model>'")

    @property
    def db_path(self) -> Path:
        return self.home / "copilot.db"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"
