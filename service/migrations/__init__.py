"""Alembic migrations, run from code: no alembic.ini is needed (or read) at run time.

For a new revision during development:
    python -c "from service.migrations import revision; revision('add x', 'sqlite:///dev.db')"
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """A Config whose env.py runs on `connection` (preferred) or on a new engine for `url`."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.attributes["url"] = url
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revision(message: str, url: str) -> None:
    """Autogenerate a revision by comparing `service.store.db.metadata` with the database at url."""
    command.revision(alembic_config(url=url), message=message, autogenerate=True)
