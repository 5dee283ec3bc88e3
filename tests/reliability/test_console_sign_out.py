"""Attack: keep a copy of the console cookie, sign out, and use the copy. Before, the old cookie
stayed valid for up to 8 h (sign-out only deleted it from the browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.console import session
from tests.console.conftest import form_token, sign_in
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import BACKENDS, store_url_for
from tests.service.conftest import Api, make_settings, start_api


@pytest.fixture(params=BACKENDS)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    with store_url_for(request.param, tmp_path) as url:
        yield from start_api(make_settings(tmp_path, url), KeywordScorer())


def test_a_copied_cookie_is_refused_after_sign_out(api: Api) -> None:
    client = api.client
    assert sign_in(client, api.moderator_key).status_code == 303
    copied = client.cookies.get(session.SESSION_COOKIE)
    assert copied
    token = form_token(client.get("/console").text)
    assert client.post("/console/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    client.cookies.set(session.SESSION_COOKIE, copied)
    again = client.get("/console", follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/console/login")
    # A new sign-in with the same key is a new session, unaffected.
    client.cookies.clear()
    assert sign_in(client, api.moderator_key).status_code == 303
    assert client.get("/console", follow_redirects=False).status_code == 200
