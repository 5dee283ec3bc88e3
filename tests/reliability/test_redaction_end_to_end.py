"""Property, end to end: whatever addresses a commenter types into the public fields (name, URL,
text), none survives in what is stored and served, and redaction never pushes a field past its
limit. Small limits make the length budget bite; the real app and SQLite store do the rest."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api
from tests.service.test_privacy import ADDRESSES

LIMITS = {"author_name": 90, "author_url": 160, "content": 150}
PUBLIC = ("author_name", "author_url", "content")
_posts = itertools.count(1)

_FILLER = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
                  | st.sampled_from(" .@[]()<>'\"/?=&"), max_size=12)


@st.composite
def with_addresses(draw: st.DrawFn, parts: int = 3) -> tuple[str, list[str]]:
    """Text mixing filler and generated addresses, and the addresses in it."""
    pieces = draw(st.lists(st.tuples(_FILLER, st.none() | ADDRESSES), min_size=1, max_size=parts))
    text = "x " + " ".join(f"{filler} {address or ''}" for filler, address in pieces)
    return text, [address for _, address in pieces if address]


URL_TAIL = ADDRESSES.map(lambda a: (f"?email={a}", [a]))


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp("redaction")
    config = make_settings(tmp, sqlite_url(tmp), max_name_length=LIMITS["author_name"],
                           max_url_length=LIMITS["author_url"],
                           max_content_length=LIMITS["content"])
    yield from start_api(config, KeywordScorer())


def check(api: Api, name: str, url_tail: str, content: str, typed: list[str]) -> None:
    post = f"redaction-{next(_posts)}"
    url = f"https://example.org/{url_tail}"
    answer = api.submit(post_id=post, author_name=name, author_url=url, content=content)
    errors = sorted(f"{e['field']}:{e['code']}" for e in answer.json().get("errors", []))
    event(f"answered {answer.status_code} {errors}")
    if answer.status_code == 422:  # too long, no text left, not a URL: nothing stored
        return
    assert answer.status_code in (201, 202), answer.text
    served = api.get("/v1/moderation/queue", key=api.moderator_key, post_id=post,
                     status=answer.json()["status"]).json()["comments"]
    served += api.get(f"/v1/posts/{post}/comments").json()["comments"]
    db = Path(api.state.settings.resolved_database_url.removeprefix("sqlite:///"))
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT author_name, author_url, content FROM comments "
                              "WHERE post_id = ?", (post,)).fetchall()
    texts = [answer.text] + [c[f] for c in served for f in PUBLIC] + [v for row in stored for v in row]
    for address in typed:
        assert not [t for t in texts if address in t], address
    for row in stored:
        for field, value in zip(PUBLIC, row, strict=True):
            assert len(value) <= LIMITS[field]


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(name=with_addresses(parts=2), url=URL_TAIL, content=with_addresses())
def test_no_typed_address_survives_storage_and_serving(
    api: Api, name: tuple[str, list[str]], url: tuple[str, list[str]],
    content: tuple[str, list[str]],
) -> None:
    check(api, name[0], url[0], content[0], [*name[1], *url[1], *content[1]])


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=with_addresses(parts=2), url=URL_TAIL, content=with_addresses())
def test_no_typed_address_survives_at_random(
    api: Api, name: tuple[str, list[str]], url: tuple[str, list[str]],
    content: tuple[str, list[str]],
) -> None:
    check(api, name[0], url[0], content[0], [*name[1], *url[1], *content[1]])
