"""The issue's smaller attacks, each of which once worked: a world-readable database, an address
kept in a Perspective `communityId`, and Swagger UI loaded from a CDN on the console's origin."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.bootstrap import prepare
from service.domain import Status
from service.keyring import open_vault
from service.settings import Settings
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from start_api(make_settings(tmp_path, sqlite_url(tmp_path)), KeywordScorer())


def test_the_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", bootstrap_keys=False)  # the default SQLite file
    store = prepare(settings, server=True)
    try:
        open_vault(settings, store, create=True)  # what serve does next: writes email.key
        store.add_text_label(site="s", text="t", author_name="", author_url="", label=Status.SPAM,
                             source="akismet", actor="a")
        files = [settings.data_dir / name for name in ("comments.db", "comments.db-wal",
                                                       "comments.db-shm", "email.key")]
        for path in files:
            assert path.exists(), path
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))
    finally:
        store.close()


def test_an_address_in_a_community_id_is_redacted(api: Api) -> None:
    response = api.client.post(
        f"/v1alpha1/comments:suggestscore?key={api.site_key}",
        json={"comment": {"text": "Buy now"}, "communityId": "olena@example.org",
              "attributeScores": {"SPAM": {"summaryScore": {"value": 0.9}}}},
    )
    assert response.status_code == 200, response.text
    with api.state.store.engine.connect() as conn:
        notes = [row[0] for row in conn.exec_driver_sql("SELECT note FROM labels")]
        rows = [tuple(row) for row in conn.exec_driver_sql("SELECT * FROM labels")]
    assert notes == ["SPAM=0.9 communityId=[email hidden]"]  # the note keeps the suggested values
    assert not any("olena" in str(value) for row in rows for value in row), rows


def test_no_page_loads_scripts_from_a_cdn(api: Api) -> None:
    for path in ("/docs", "/redoc"):
        assert api.client.get(path).status_code == 404, path
    assert api.client.get("/openapi.json").status_code == 200
