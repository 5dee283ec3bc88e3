"""Alembic environment. `SqlStore.migrate()` hands in an open connection inside a transaction
(and, on PostgreSQL, holding an advisory lock), so the whole upgrade commits or fails as one."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from service.store.db import metadata
from service.store.engine import create_engine_for, normalize_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    config = context.config
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        if not url:
            raise RuntimeError("offline migrations need a database URL")
        context.configure(url=normalize_url(url), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    if not url:
        raise RuntimeError("migrations need a connection or a database URL")
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            _configure(conn)
            conn.commit()
    finally:
        engine.dispose()


run()
