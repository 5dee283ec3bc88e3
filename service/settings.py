"""Every setting of the service, read from `COMMENTMOD_*` environment variables.

This class is the one documented place for configuration: each field's description is what the
README's settings table shows. `create_app(settings)` takes an instance, so tests build their own.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "COMMENTMOD_"
TEST_PREFIX = "COMMENTMOD_TEST_"
"""Variables of the test suite (tests/helpers), not of the service: never refused."""


class UnknownSetting(ValueError):
    """A `COMMENTMOD_*` variable that is no setting: most likely a typo, which must not start
    the service quietly with the default it meant to change."""


def _split_words(value: object) -> object:
    if isinstance(value, str):
        return tuple(word.strip() for word in value.replace("\n", ",").split(",") if word.strip())
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMMENTMOD_", extra="forbid", frozen=True)

    host: str = Field("127.0.0.1", description="Address `commentmod serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `commentmod serve` listens on.")
    workers: int = Field(1, ge=1, le=64, description="Worker processes of `commentmod serve`.")
    worker_healthcheck_seconds: int = Field(
        60, ge=1, le=600, description="Seconds a worker of `commentmod serve` may take to answer "
        "the server's health check before it is killed and replaced. A worker's start imports "
        "scikit-learn: 15 s was measured on a 2-core machine at a load average of 14, and "
        "uvicorn's own 5 s killed workers in a loop there.",
    )
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
        "Every host of one database must have the same keys: a host whose keys do not match the "
        "fingerprints the database records refuses to start. Default: `<data_dir>/email.key`, "
        "generated on first run only while the database records no key and holds no comment.",
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
    body_timeout_seconds: float = Field(
        30.0, gt=0, le=3600, description="Time a request's body may take to arrive (408 and closed beyond).",
    )
    max_connections: int = Field(
        256, ge=1, le=100_000, description="Concurrent connections (and requests) one worker of "
        "`commentmod serve` accepts; beyond it, new requests get 503 at once (uvicorn's "
        "`limit_concurrency`).",
    )
    max_links: int = Field(2, ge=0, description="More links than this hold a comment for moderation.")
    blocked_words: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated words that send a comment to spam (WordPress's disallowed keys)."
    )
    moderation_words: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated words that hold a comment for moderation."
    )
    too_fast_seconds: float = Field(
        3.0, ge=0, le=3600, description="A comment sent sooner than this after its form was "
        "rendered (`form_rendered_at`) is held as `rule.too_fast` (0 disables).",
    )
    hold_first_comment: bool = Field(
        False, description="Hold every author's first comment on a site until one is approved "
        "(`reputation.first_comment`; WordPress's \"previously approved comment\").",
    )
    trusted_author_after: int = Field(
        3, ge=0, le=10_000, description="Approved comments on a site, none spam or abusive, after "
        "which an author's borderline-spam comments are approved (`reputation.trusted_author`; "
        "0 disables).",
    )
    network_min_spam: int = Field(
        2, ge=1, description="Comments marked spam or abusive from one IP network (/24, /48) on a "
        "site, and more than it had approved, that hold its next ones (`reputation.spam_history`).",
    )
    domain_min_sites: int = Field(
        2, ge=1, description="Other sites that must mark a domain spam before this site holds "
        "links to it (`reputation.domain_marked_spam`); installation-wide, so one site alone "
        "cannot change another's verdicts.",
    )
    policy_cache_seconds: float = Field(
        2.0, ge=0, le=300, description="How long a worker reuses a site's policy, and its list "
        "of marked authors, networks and domains, before reading them again; a policy or decision "
        "made on another worker applies within this time.",
    )
    flood_seconds: float = Field(
        15.0, ge=0, description="Minimum seconds between comments of one email or IP (0 disables)."
    )

    spam_threshold: float = Field(0.90, ge=0, le=1, description="Spam score at which a comment is spam.")
    hold_spam_threshold: float = Field(0.50, ge=0, le=1, description="Spam score that holds a comment.")
    hold_abuse_threshold: float = Field(0.50, ge=0, le=1, description="Abuse score that holds a comment.")
    unsupported_language: Literal["hold", "score"] = Field(
        "hold", description="A comment in a language the model has no evaluated support for "
        "(reason `model.unsupported_language`): `hold` it for moderation, or `score` it like any other.",
    )
    supported_languages: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated ISO 639-1 codes the model is trusted on. Default: the "
        "model card's `languages`, else `en`. Too short to tell (under 20 letters) counts as supported.",
    )
    span_threshold: float = Field(
        0.50, ge=0, le=1, description="An attribute score at which the words that drove it are "
        "found, stored and returned as spans (below it no spans are computed).",
    )
    hold_profanity: bool = Field(
        False, description="Hold a comment for profanity alone (its profanity score at or above the "
        "abuse threshold); by default swearing that insults, threatens or attacks no one is published.",
    )

    rate_limit_per_minute: int = Field(
        3000, ge=0, description="Requests per minute allowed for one API key, counted in the "
        "database across every worker and host (0 disables)."
    )
    bootstrap_keys: bool = Field(
        True, description="On first start with no keys, create and print one site and one moderator key."
    )
    bootstrap_site: str = Field("default", description="Site name of the key created on first start.")
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated addresses or networks (`10.0.0.0/8`, `::1`) of reverse "
        "proxies whose `Forwarded` / `X-Forwarded-For` / `X-Forwarded-Proto` headers give the "
        "client's address and scheme; from any other peer those headers are ignored.",
    )
    log_level: str = Field("INFO", description="Log level of the service's own loggers.")
    console_secure_cookie: bool = Field(
        False, description="Always mark the moderator console's session cookie `Secure` (set it "
        "behind a TLS-terminating proxy; requests that arrive over https get it anyway).",
    )
    demo_site_key: SecretStr | None = Field(
        None, description="A site key: when set, the demo blog is served at `/demo/` and submits "
        "its comments with this key over HTTP (`commentmod demo` sets this up by itself).",
    )

    training_data_dir: Path | None = Field(
        None, description="Folder laid out like `../shared/data` that `commentmod train` and "
        "`evaluate` read (their `--data-dir`; no default).",
    )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of an entry point (serve, the ASGI factory, the CLI, train): refuses
        unknown `COMMENTMOD_*` variables first, naming the closest valid one."""
        refuse_unknown_variables(os.environ if environ is None else environ)
        return cls()

    @field_validator("blocked_words", "moderation_words", "supported_languages", mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        return _split_words(value)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: object) -> object:
        return _split_words(value)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            try:
                ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value

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


def known_variables() -> list[str]:
    return [ENV_PREFIX + name.upper() for name in Settings.model_fields]


def refuse_unknown_variables(environ: Mapping[str, str]) -> None:
    """Raises UnknownSetting naming every unknown `COMMENTMOD_*` variable and its likeliest meaning."""
    known = known_variables()
    problems = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper.startswith(TEST_PREFIX) or upper in known:
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(f"unknown setting {name}{hint}")
    if problems:
        raise UnknownSetting("; ".join(problems) + " — see the README's settings table")
