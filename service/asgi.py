"""Entry point for ASGI servers: `uvicorn --factory service.asgi:app_from_env`."""

from __future__ import annotations

from fastapi import FastAPI

from service.app import create_app
from service.logs import configure_logging
from service.settings import Settings


def app_from_env() -> FastAPI:
    settings = Settings()
    configure_logging(settings.log_level)
    return create_app(settings)
