"""Attack: NUL bytes where a driver or codec chokes on them. Each used to answer 500; on
PostgreSQL the traceback logged the SQL parameters, an address among them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.bootstrap import create_key
from service.domain import Status
from service.errors import StoreRefused
from service.store import SqlStore
from service.store.records import Role
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import BACKENDS, postgres_schema_url, store_url_for
from tests.service.conftest import Api, make_settings, start_api

BLOG = "https://blog.example.org/"
ADDRESS = "victim@example.org"


@pytest.fixture(params=BACKENDS)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    with store_url_for(request.param, tmp_path) as url:
        yield from start_api(make_settings(tmp_path, url), KeywordScorer())


@pytest.mark.parametrize("endpoint", ["comment-check", "submit-spam", "submit-ham"])
def test_a_nul_in_blog_charset_is_no_500(api: Api, endpoint: str) -> None:
    key = create_key(api.state.store, site="blog.example.org", role=Role.SITE)
    body = (f"api_key={key}&blog={BLOG}&user_ip=203.0.113.9&blog_charset=utf-8%00"
            "&comment_content=Hello+there")
    response = api.client.post(f"/1.1/{endpoint}", content=body.encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200, response.text


def test_a_nul_in_a_decision_note_is_stored_safely(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    comment_id = api.submit().json()["id"]
    response = api.post(f"/v1/moderation/comments/{comment_id}/decision",
                        {"status": "spam", "note": f"from {ADDRESS}\x00 again"}, api.moderator_key)
    assert response.status_code == 200, response.text
    assert ADDRESS not in caplog.text


def test_a_nul_in_a_community_id_is_stored_safely(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    response = api.client.post(
        f"/v1alpha1/comments:suggestscore?key={api.site_key}",
        json={"comment": {"text": "Buy cheap pills"}, "communityId": "forum\x00one",
              "attributeScores": {"SPAM": {"summaryScore": {"value": 0.9}}}},
    )
    assert response.status_code == 200, response.text
    assert "Traceback" not in caplog.text


@pytest.mark.postgres
def test_every_driver_error_is_mapped_and_logs_no_parameters(caplog: pytest.LogCaptureFixture) -> None:
    """The store's own net, under the routes' cleaning: a refused value is 422, never a driver
    error whose message (and traceback) quotes the statement's parameters."""
    caplog.set_level(logging.DEBUG)
    with postgres_schema_url() as url:
        store = SqlStore.from_url(url)
        try:
            store.migrate()
            with pytest.raises(StoreRefused) as refused:
                store.add_text_label(site="blog", text=f"mail {ADDRESS}", author_name="\x00",
                                     author_url="", label=Status.SPAM, source="akismet", actor="t")
        finally:
            store.close()
    assert refused.value.__cause__ is None
    assert refused.value.__suppress_context__
    assert ADDRESS not in caplog.text
    assert "store refused a value: DataError" in caplog.text
