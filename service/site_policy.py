"""Per-site policy: each site may override some settings (thresholds, links, words, first-comment
hold, trust, form timing); what it leaves out follows the environment's settings.

A policy field is a `Settings` field of the same name, listed in `POLICY_FIELDS`: its type,
bounds and description come from there, so values are validated exactly like the settings, and
adding a field is one line. The site's intake configuration is the one `intake_config` builds
from the settings with the site's values put in, so every field reaches the flow the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from service.intake import IntakeConfig
from service.settings import Settings
from service.store import SqlStore
from service.store.policies import PolicyRecord

POLICY_FIELDS: tuple[str, ...] = (
    "spam_threshold",
    "hold_spam_threshold",
    "hold_abuse_threshold",
    "max_links",
    "blocked_words",
    "moderation_words",
    "hold_first_comment",
    "trusted_author_after",
    "too_fast_seconds",
)


def _optional(name: str) -> Any:
    info = Settings.model_fields[name]
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return (kind | None, Field(None, description=info.description))


PolicyOverrides: type[BaseModel] = create_model(
    "PolicyOverrides",
    __config__=ConfigDict(extra="forbid", frozen=True),
    **{name: _optional(name) for name in POLICY_FIELDS},
)
"""A PUT body: any subset of the policy fields; a missing or null one follows the settings."""


class SitePolicyOut(BaseModel):
    site: str
    version: int = Field(description="0 while the site follows the settings; each PUT adds one.")
    policy: dict[str, Any] = Field(description="Every policy field as it applies now.")
    overrides: dict[str, Any] = Field(description="The fields this site sets itself.")
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class SiteIntake:
    record: PolicyRecord | None
    settings: Settings
    config: IntakeConfig

    def out(self, site: str) -> SitePolicyOut:
        policy = {name: getattr(self.settings, name) for name in POLICY_FIELDS}
        record = self.record
        return SitePolicyOut(
            site=site, version=0 if record is None else record.version, policy=policy,
            overrides={} if record is None else record.overrides,
            actor=None if record is None else record.actor,
        )


def _invalid(errors: list[Any]) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": ("body", *e.get("loc", ()))} for e in errors])


def parse_overrides(body: object) -> dict[str, Any]:
    """The set fields of a PUT body; RequestValidationError (rendered as a 422) otherwise."""
    try:
        parsed = PolicyOverrides.model_validate(body)
    except ValidationError as exc:
        raise _invalid(list(exc.errors(include_input=False))) from None
    values = parsed.model_dump(mode="json", exclude_none=True)
    for name in ("blocked_words", "moderation_words"):
        if name in values:
            values[name] = [w.strip() for w in values[name] if w.strip()]
    return values


class PolicyBook:
    """Each site's intake configuration, read from the store and reused for
    `policy_cache_seconds`, so intake pays no query on most requests."""

    def __init__(self, settings: Settings, store: SqlStore,
                 build: Callable[[Settings], IntakeConfig]) -> None:
        self._settings, self._store, self._build = settings, store, build
        self._ttl = settings.policy_cache_seconds
        self._cache: dict[str, tuple[float, SiteIntake]] = {}
        self._lock = threading.Lock()

    def _resolve(self, record: PolicyRecord | None) -> SiteIntake:
        overrides = {} if record is None else record.overrides
        settings = self._settings.model_copy(update=overrides)
        if settings.hold_spam_threshold > settings.spam_threshold:
            raise _invalid([{"type": "value_error", "loc": ("hold_spam_threshold",),
                             "msg": "hold_spam_threshold must not exceed spam_threshold"}])
        config = replace(self._build(settings), policy_version=0 if record is None else record.version)
        return SiteIntake(record, settings, config)

    def get(self, site: str) -> SiteIntake:
        now = time.monotonic()
        cached = self._cache.get(site)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        found = self._resolve(self._store.site_policy(site))
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[site] = (now, found)
        return found

    def put(self, site: str, body: object, *, actor: str) -> SiteIntake:
        """Validate the whole resulting policy, then store it as the site's next version."""
        overrides = parse_overrides(body)
        self._resolve(PolicyRecord(site, 0, overrides, actor, _EPOCH))  # validates, or raises
        found = self._resolve(self._store.put_site_policy(site, overrides, actor=actor))
        with self._lock:
            self._cache[site] = (time.monotonic(), found)
        return found


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
