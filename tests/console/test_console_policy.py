"""The console's policy page (same validation and store as `PUT /v1/sites/{site}/policy`) and
reputation reasons in the console's queue."""

from __future__ import annotations

from tests.console.conftest import form_token, sign_in
from tests.service.conftest import Api


def _save(api: Api, **form: str) -> tuple[int, str]:
    token = form_token(api.client.get("/console/policy").text)
    answer = api.client.post("/console/policy", data={"csrf": token, **form},
                             follow_redirects=False)
    return answer.status_code, answer.headers.get("location", answer.text)


def test_a_site_moderator_sets_its_policy_in_the_console(console: Api) -> None:
    page = console.client.get("/console/policy").text
    assert "Policy of <code>blog</code>" in page
    assert 'name="hold_first_comment"' in page
    assert 'placeholder="setting: 0.9"' in page
    status, location = _save(console, max_links="5", hold_first_comment="on",
                             moderation_words="crypto, forex", spam_threshold="")
    assert (status, location) == (303, "/console/policy?site=blog&saved=1")
    stored = console.get("/v1/sites/blog/policy", key=console.moderator_key).json()
    assert stored["overrides"] == {"max_links": 5, "hold_first_comment": True,
                                   "moderation_words": ["crypto", "forex"]}
    assert "Saved as version 1." in console.client.get(location).text


def test_bad_values_are_shown_and_change_nothing(console: Api) -> None:
    status, page = _save(console, max_links="-3", spam_threshold="lots")
    assert status == 422
    assert "max_links: Input should be greater than or equal to 0" in page
    assert "spam_threshold:" in page
    assert console.get("/v1/sites/blog/policy", key=console.moderator_key).json()["version"] == 0
    answer = console.client.post("/console/policy", data={"csrf": "forged", "max_links": "5"},
                                 follow_redirects=False)
    assert answer.status_code == 403


def test_an_installation_moderator_names_the_site(api: Api) -> None:
    assert sign_in(api.client, api.all_sites_moderator_key).status_code == 303
    assert 'id="pick-site"' in api.client.get("/console/policy").text
    status, location = _save(api, site="other", too_fast_seconds="10")
    assert (status, location) == (303, "/console/policy?site=other&saved=1")
    other = api.get("/v1/sites/other/policy", key=api.all_sites_moderator_key).json()
    assert other["overrides"] == {"too_fast_seconds": 10.0}


def test_reputation_reasons_show_in_the_queue(console: Api) -> None:
    first = console.submit(author_email="again@example.org", author_url="").json()["id"]
    decided = console.post(f"/v1/moderation/comments/{first}/decision", {"status": "spam"},
                           key=console.moderator_key)
    assert decided.status_code == 200
    console.submit(author_email="again@example.org", author_url="")
    html = console.client.get("/console").text
    assert 'data-code="reputation.spam_history"' in html
    assert "this author has 1 comment marked spam or abusive on this site" in html
