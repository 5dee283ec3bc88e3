"""Every setting of the service, read from `COMMENTMOD_*` environment variables.

This class is the one documented place for configuration: each field's description is what the
README's settings table shows. `create_app(settings)` takes an instance, so tests build their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split_words(value: object) -> object:
    if isinstance(value, str):
        return tuple(word.strip() for word in value.replace("\n", ",").split(",") if word.strip())
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMMENTMOD_", extra="forbid", frozen=True)

    host: str = Field("127.0.0.1", description="Address `commentmod serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `commentmod serve` listens on.")
    workers: int = Field(1, ge=1, le=64, description="Worker processes of `commentmod serve`.")
    data_dir: Path = Field(
        Path(".commentmod"),
        description="Directory for the SQLite database, the generated email key and trained models.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the store; `postgresql://user@host:port/db` for production. "
        "Default: an SQLite file `<data_dir>/comments.db`.",
    )
    model_dir: Path | None = Field(
        None,
        description="Directory of trained model versions (default `<data_dir>/models`). "
        "When it holds no version, the bundled default model is used.",
    )
    model_version: str | None = Field(
        None, description="Pin this model version instead of the newest promotable one."
    )
    model_sync_seconds: float = Field(
        2.0, ge=0, description="How often each worker checks for a model switched by "
        "`POST /v1/model/reload` and reports the version it serves (0 disables).",
    )
    email_keys: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        (),
        description="Comma-separated secrets for email encryption (the first encrypts, all decrypt). "
        "Default: a key generated on first run in `<data_dir>/email.key`.",
    )

    require_name_email: bool = Field(
        True, description="Comment author must fill out name and email (WordPress's option)."
    )
    max_name_length: int = Field(245, ge=1, description="Longest author name, in characters.")
    max_email_length: int = Field(100, ge=6, description="Longest email address, in characters.")
    max_url_length: int = Field(200, ge=10, description="Longest author URL, in characters.")
    max_content_length: int = Field(65525, ge=1, description="Longest comment, in characters.")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Largest request body (413 beyond).")
    header_timeout_seconds: float = Field(
        20.0, gt=0, le=3600,
        description="Time a request's line and headers may take to arrive (408 and closed beyond).",
    )
    max_links: int = Field(2, ge=0, description="More links than this hold a comment for moderation.")
    blocked_words: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated words that send a comment to spam (WordPress's disallowed keys)."
    )
    moderation_words: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated words that hold a comment for moderation."
    )
    flood_seconds: float = Field(
        15.0, ge=0, description="Minimum seconds between comments of one email or IP (0 disables)."
    )

    spam_threshold: float = Field(0.90, ge=0, le=1, description="Spam score at which a comment is spam.")
    hold_spam_threshold: float = Field(0.50, ge=0, le=1, description="Spam score that holds a comment.")
    hold_abuse_threshold: float = Field(0.50, ge=0, le=1, description="Abuse score that holds a comment.")
    hold_profanity: bool = Field(
        False, description="Hold a comment for profanity alone (its profanity score at or above the "
        "abuse threshold); by default swearing that insults, threatens or attacks no one is published.",
    )

    rate_limit_per_minute: int = Field(
        3000, ge=0, description="Requests per minute allowed for one API key, per worker (0 disables)."
    )
    bootstrap_keys: bool = Field(
        True, description="On first start with no keys, create and print one site and one moderator key."
    )
    bootstrap_site: str = Field("default", description="Site name of the key created on first start.")
    log_level: str = Field("INFO", description="Log level of the service's own loggers.")
    console_secure_cookie: bool = Field(
        False, description="Always mark the moderator console's session cookie `Secure` (set it "
        "behind a TLS-terminating proxy; requests that arrive over https get it anyway).",
    )
    demo_site_key: SecretStr | None = Field(
        None, description="A site key: when set, the demo blog is served at `/demo/` and submits "
        "its comments with this key over HTTP (`commentmod demo` sets this up by itself).",
    )

    @field_validator("blocked_words", "moderation_words", mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        return _split_words(value)

    @field_validator("email_keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        return _split_words(value)

    @model_validator(mode="after")
    def _ordered_thresholds(self) -> Self:
        if self.hold_spam_threshold > self.spam_threshold:
            raise ValueError("hold_spam_threshold must not exceed spam_threshold")
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'comments.db'}"

    @property
    def resolved_model_dir(self) -> Path:
        return self.model_dir or self.data_dir / "models"
