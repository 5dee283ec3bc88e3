from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from service.migrations import alembic_config
from service.store import SqlStore, create_engine_for
from service.store.db import metadata
from tests.helpers.stores import BACKENDS, store_url_for
from tests.store import workers


def _tables(store: SqlStore) -> set[str]:
    return set(sa.inspect(store.engine).get_table_names())


def test_migrates_from_empty_and_reruns_as_a_no_op(store_url: str) -> None:
    store = SqlStore.from_url(store_url)
    try:
        assert _tables(store) == set()
        store.migrate()
        assert {"comments", "labels", "api_keys", "model_target", "model_workers",
                "akismet_usage", "email_keys", "comment_domains", "site_policies", "rate_limits",
                "model_artifacts",
                "alembic_version"} <= _tables(store)
        store.migrate()
        with store.engine.connect() as conn:
            head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
            assert head is not None
            assert MigrationContext.configure(conn).get_current_revision() == head
    finally:
        store.close()


def test_migrated_schema_matches_the_table_definitions(store: SqlStore) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_can_migrate_at_once(backend: str, tmp_path: Path) -> None:
    with store_url_for(backend, tmp_path) as url:
        with workers.pool(2) as pool:
            results = list(pool.map(workers.migrate, [url, url]))
        assert results == ["ok", "ok"]
        store = SqlStore.from_url(url)
        try:
            assert store.count_by_status(None)["approved"] == 0
        finally:
            store.close()


def test_sqlite_connections_are_configured_for_several_processes(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        engine.dispose()
    assert pragma == {
        "journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 1,
    }


def test_sqlite_creates_a_missing_data_directory(tmp_path: Path) -> None:
    store = SqlStore.from_url(f"sqlite:///{tmp_path / 'new' / 'dir' / 'c.db'}")
    try:
        store.migrate()
    finally:
        store.close()
    assert (tmp_path / "new" / "dir" / "c.db").is_file()


@pytest.mark.parametrize(
    "url",
    ["postgresql://u@db:5432/x", "postgres://u@db/x", "postgresql+psycopg://u@db/x"],
)
def test_plain_postgres_urls_use_psycopg_3(url: str) -> None:
    engine = create_engine_for(url)
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        assert engine.pool.size() == 5  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_other_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        create_engine_for("mysql://u@db/x")
