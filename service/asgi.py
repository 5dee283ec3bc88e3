"""Entry point for ASGI servers: `uvicorn --factory service.asgi:app_from_env`."""

from __future__ import annotations

from fastapi import FastAPI

from service.app import create_app
from service.logs import configure_logging
from service.settings import Settings


def app_from_env() -> FastAPI:
    """Refuses unknown `COMMENTMOD_*` variables here too: uvicorn or gunicorn may start it directly."""
    settings = Settings.from_environment()
    configure_logging(settings.log_level)
    return create_app(settings)
