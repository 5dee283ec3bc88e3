"""`create_app(settings)`: the one way to build the service. Nothing here runs at import time:
the store and the model are opened in the lifespan (or injected by tests) and kept on app.state."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

import models
from models.types import Scorer
from service import console, problems
from service.auth import KeyCache
from service.bootstrap import prepare
from service.console.policy_page import router as console_policy_router
from service.crypto import EmailVault
from service.demo.routes import router as demo_router
from service.explanations import InsightConfig
from service.intake import IntakeConfig
from service.keepalive import ServiceApp
from service.keyring import open_vault
from service.marks import MarkIndex
from service.metrics import Metrics, worker_exited
from service.middleware import ServiceMiddleware
from service.model_holder import ModelHolder, ModelSync
from service.model_store import fetch
from service.policy import Thresholds
from service.proxy import TrustedProxyMiddleware, parse_networks
from service.ratelimit import RateLimiter
from service.reputation import ReputationConfig
from service.routes import (
    akismet,
    akismet_account,
    comments,
    health,
    model,
    moderation,
    perspective,
    policy,
    score,
)
from service.rules import RuleConfig
from service.settings import Settings
from service.site_policy import PolicyBook
from service.state import AppState
from service.store import SqlStore

log = logging.getLogger("commentmod.app")


def intake_config(settings: Settings) -> IntakeConfig:
    return IntakeConfig(
        rules=RuleConfig(
            require_name_email=settings.require_name_email,
            max_name_length=settings.max_name_length,
            max_email_length=settings.max_email_length,
            max_url_length=settings.max_url_length,
            max_content_length=settings.max_content_length,
            max_links=settings.max_links,
            blocked_words=settings.blocked_words,
            moderation_words=settings.moderation_words,
        ),
        thresholds=Thresholds(
            spam=settings.spam_threshold,
            hold_spam=settings.hold_spam_threshold,
            hold_abuse=settings.hold_abuse_threshold,
            hold_profanity=settings.hold_profanity,
        ),
        insight=InsightConfig(
            supported_languages=settings.supported_languages,
            hold_unsupported=settings.unsupported_language == "hold",
            span_threshold=settings.span_threshold,
        ),
        reputation=ReputationConfig(
            trusted_after=settings.trusted_author_after,
            hold_first_comment=settings.hold_first_comment,
            network_min_spam=settings.network_min_spam,
            domain_min_sites=settings.domain_min_sites,
        ),
        too_fast_seconds=settings.too_fast_seconds,
    )


def load_model(model_dir: Path | None, version: str | None) -> Scorer:
    """Pinned version when asked, else the newest promotable one, else the bundled default."""
    if version is not None:
        return models.load_version(model_dir, version)
    return models.load_latest(model_dir)


def store_loader(store: SqlStore) -> Callable[[Path | None, str | None], Scorer]:
    """`load_model`, but a version this host lacks (or holds damaged) is fetched from the
    database first, where the reload that chose it stored it."""

    def load(model_dir: Path | None, version: str | None) -> Scorer:
        try:
            return load_model(model_dir, version)
        except models.ArtifactError:
            if version is None or model_dir is None or not fetch(store, model_dir, version):
                raise
            return load_model(model_dir, version)

    return load


def initial_model(settings: Settings, store: SqlStore) -> Scorer:
    """The version the other workers serve (the reload target), else the configured pin, else
    the newest promotable one."""
    model_dir = settings.resolved_model_dir
    target = store.model_target()
    if target is not None:
        try:
            return store_loader(store)(model_dir, target.version)
        except models.ArtifactError as exc:
            log.warning("reload target %s cannot be loaded (%s); using the default", target.version, exc)
    return load_model(model_dir, settings.model_version)


def create_app(
    settings: Settings,
    *,
    store: SqlStore | None = None,
    scorer: Scorer | None = None,
    vault: EmailVault | None = None,
) -> FastAPI:
    """Build the app. Tests pass their own store, scorer and vault; production passes none."""
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened_store = store or prepare(settings, server=True)
        # Checked before anything else: a worker whose keys do not fit the database must not
        # serve (`commentmod serve` checked them already; this catches an embedded app).
        opened_vault = vault or open_vault(settings, opened_store, create=True).vault
        loaded = scorer or initial_model(settings, opened_store)
        metrics.set_model(loaded.version)
        holder = ModelHolder(loaded, loader=store_loader(opened_store),
                             model_dir=settings.resolved_model_dir)
        sync = ModelSync(holder, opened_store, interval=settings.model_sync_seconds,
                         on_switch=lambda s: metrics.set_model(s.version))
        app.state.commentmod = AppState(
            settings=settings,
            store=opened_store,
            models=holder,
            vault=opened_vault,
            intake=intake_config(settings),
            metrics=metrics,
            limiter=RateLimiter(settings.rate_limit_per_minute, opened_store),
            keys=KeyCache(),
            policies=PolicyBook(settings, opened_store, intake_config),
            marks=MarkIndex(opened_store, refresh_seconds=settings.policy_cache_seconds),
        )
        log.info("serving with model %s", loaded.version)
        # Everything alive now (libraries, the model) lives as long as the worker: keep it out
        # of the cyclic collector, whose full passes over it took 150-200 ms, stalling every
        # request in flight (the p99).
        gc.freeze()
        if settings.model_sync_seconds > 0:
            sync.start()
        try:
            yield
        finally:
            sync.stop()
            worker_exited()
            gc.unfreeze()  # an app embedded or tested in a longer-lived process is collectable
            if store is None:
                opened_store.close()

    app = ServiceApp(
        title="commentmod",
        version="1",
        summary="Comment moderation: intake rules, email privacy, spam and abuse scoring.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc load their scripts from a CDN (a floating version, no
        # integrity check) on the console's origin. /openapi.json stays for any local viewer.
        docs_url=None,
        redoc_url=None,
    )
    problems.install(app, html=console.error_page)
    for router in (comments.router, score.router, moderation.router, model.router, health.router,
                   akismet.router, akismet_account.router, akismet_account.router_12,
                   perspective.router, perspective.discovery_router, policy.router, console.router,
                   console_policy_router):
        app.include_router(router)
    if settings.demo_site_key is not None:
        app.include_router(demo_router)
    app.add_middleware(ServiceMiddleware, max_body_bytes=settings.max_body_bytes, metrics=metrics,
                       body_timeout=settings.body_timeout_seconds)
    if settings.trusted_proxies:  # outermost: everything after it sees the client's address
        app.add_middleware(TrustedProxyMiddleware,
                           trusted=parse_networks(settings.trusted_proxies))
    return app
