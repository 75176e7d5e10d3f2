"""One typed Settings object, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Engine = Literal["auto", "offline", "openai"]
# How the LLM is asked for JSON: OpenAI's json_schema, llama.cpp-style json_object with a schema, or plain text
# parsed and repaired; `auto` starts with json_schema and steps down when the server rejects a format.
OutputMode = Literal["auto", "json_schema", "json_object", "text"]


class Settings(BaseSettings):
    """Everything configurable about the copilot; see `.env.example` for the documented list."""

    # Only the documented names configure (CSM_COPILOT_HOME=…, also as keyword arguments). Field names must not:
    # matched case-insensitively against the environment, `home` would read the shell's HOME.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    home: Path = Field(Path(".csm-copilot"), validation_alias="CSM_COPILOT_HOME")
    knowledge: Path = Field(Path("knowledge"), validation_alias="CSM_COPILOT_KNOWLEDGE")
    engine: Engine = Field("auto", validation_alias="CSM_COPILOT_ENGINE")
    model: str = Field("gpt-4o-mini", validation_alias="CSM_COPILOT_MODEL")
    # "minilm" (local, default), "openai:<model>" (OpenAI embeddings) or "hash" (no model; tests only).
    embeddings: str = Field("minilm", validation_alias="CSM_COPILOT_EMBEDDINGS")
    # Where the ONNX export of the local embedding model is cached (made once per machine).
    model_cache: Path = Field(Path.home() / ".cache" / "csm-copilot", validation_alias="CSM_COPILOT_MODEL_CACHE")
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_api_base_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_BASE_URL")
    redact_pii: bool = Field(False, validation_alias="CSM_COPILOT_REDACT_PII")
    # The LLM engine (ignored offline); see .env.example.
    temperature: float = Field(0.2, ge=0, le=2, validation_alias="CSM_COPILOT_TEMPERATURE")
    llm_timeout: float = Field(60.0, gt=0, validation_alias="CSM_COPILOT_LLM_TIMEOUT")
    llm_retries: int = Field(2, ge=0, le=10, validation_alias="CSM_COPILOT_LLM_RETRIES")
    llm_backoff: float = Field(0.5, ge=0, validation_alias="CSM_COPILOT_LLM_BACKOFF")
    llm_fix_attempts: int = Field(1, ge=0, le=5, validation_alias="CSM_COPILOT_LLM_FIX_ATTEMPTS")
    llm_output: OutputMode = Field("auto", validation_alias="CSM_COPILOT_LLM_OUTPUT")
    context_tokens: int = Field(6000, ge=200, validation_alias="CSM_COPILOT_CONTEXT_TOKENS")
    max_output_tokens: int = Field(1024, ge=16, validation_alias="CSM_COPILOT_MAX_OUTPUT_TOKENS")
    # Health score weights and thresholds; default: <home>/health.yaml if present, else the packaged file.
    health_config: Path | None = Field(None, validation_alias="CSM_COPILOT_HEALTH_CONFIG")

    @field_validator("embeddings")
    @classmethod
    def _known_embedder(cls, value: str) -> str:
        if value in ("minilm", "hash") or value.startswith("openai:"):
            return value
        raise ValueError("CSM_COPILOT_EMBEDDINGS must be 'minilm', 'hash' or 'openai:<model>'")

    @model_validator(mode="after")
    def _llm_is_reachable(self) -> Settings:
        if self.engine == "openai" and not self.llm_configured:
            raise ValueError("CSM_COPILOT_ENGINE=openai needs OPENAI_API_KEY or OPENAI_BASE_URL")
        return self

    @property
    def llm_configured(self) -> bool:
        """Whether an OpenAI-compatible endpoint is configured (what `auto` looks at)."""
        key = self.openai_api_key.get_secret_value() if self.openai_api_key else ""
        return bool(key or self.openai_base_url)

    @property
    def db_path(self) -> Path:
        return self.home / "copilot.db"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"
