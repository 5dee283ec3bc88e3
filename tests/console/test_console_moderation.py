"""The console's moderation flow: confirming the model's spam, undo after a decision, and one
comment's page with its history and context."""

from __future__ import annotations

import re
from html import unescape

from service.domain import Status
from tests.console.conftest import form_token
from tests.service.conftest import Api


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-item="(\d+)"', html)]


def _post(api: Api, path: str, page: str = "/console", **form: str | list[str]) -> str:
    token = form_token(api.client.get(page).text)
    response = api.client.post(path, data={"csrf": token, **form}, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def _status(api: Api, comment_id: int) -> Status:
    stored = api.state.store.get_comment(comment_id, site=None)
    assert stored is not None
    return stored.status


def test_model_spam_can_be_confirmed_and_leaves_the_default_view(console: Api) -> None:
    spam = console.submit(content="Win big with casino-bonus today.").json()["id"]
    html = console.client.get("/console").text
    button = re.search(rf'<button[^>]*value="{spam}:spam"[^>]*>([^<]*)', html)
    assert button is not None
    assert "disabled" not in button.group(0)
    assert "Confirm spam" in button.group(1)
    assert "spam · model" in html

    _post(console, "/console/decide", one=f"{spam}:spam")
    assert _ids(console.client.get("/console").text) == []
    confirmed = console.client.get("/console?status=spam_confirmed").text
    assert _ids(confirmed) == [spam]
    assert "spam · confirmed" in confirmed
    assert re.search(rf'<button[^>]*value="{spam}:spam"[^>]* disabled', confirmed)
    assert _ids(console.client.get("/console?status=spam_model").text) == []
    assert [(lb.comment_id, lb.label) for lb in console.state.store.labels()] == [
        (spam, Status.SPAM)]
    assert re.search(r'<option value="spam_confirmed"[^>]*>Spam \(confirmed\) \(1\)', confirmed)


def test_undo_after_a_selection_restores_it_and_retracts_the_labels(console: Api) -> None:
    first, second = (console.submit(content=f"You idiot, number {n}.").json()["id"]
                     for n in range(2))
    location = _post(console, "/console/decide", status="approved", ids=[str(first), str(second)])
    page = console.client.get(location).text
    assert "2 comments marked approved." in page
    pairs = re.search(r'name="pairs" value="([^"]*)"', page)
    assert pairs is not None
    location = _post(console, "/console/undo", page=location, pairs=unescape(pairs.group(1)))
    assert "Undid 2 decisions." in console.client.get(location).text
    assert _status(console, first) == _status(console, second) == Status.PENDING
    assert console.state.store.labels() == []
    again = _post(console, "/console/undo", pairs=unescape(pairs.group(1)))
    assert "2 could not be undone" in console.client.get(again).text


def test_comment_page_shows_history_context_and_undoes_the_latest(console: Api) -> None:
    parent = console.submit(content="A calm and useful comment.", author_name="Ann",
                            author_email="ann@example.org").json()["id"]
    earlier = console.submit(content="casino-bonus for all", author_email="troll@example.net",
                             post_id="other-post").json()["id"]
    reply = console.submit(content="You idiot.", parent_id=parent,
                           author_email="troll@example.net").json()["id"]
    _post(console, "/console/decide", one=f"{reply}:abusive", note="name-calling")
    page = console.client.get(f"/console/comments/{reply}").text
    assert "pending → abusive" in page
    assert "name-calling" in page
    assert f"key {console.moderator_key[:10]}…" in page
    assert console.moderator_key not in page
    assert "the training label" in page
    assert f'href="/console/comments/{parent}"' in page
    assert "A calm and useful comment." in page
    assert f'href="/console/comments/{earlier}"' in page
    assert "spam 1" in page
    assert "abusive 1" in page

    location = _post(console, "/console/undo", page=f"/console/comments/{reply}",
                     pairs=f"{reply}:{console.state.store.history(reply, site='blog')[0].id}",
                     to=str(reply))
    assert location == f"/console/comments/{reply}?undone=1&refused=0"
    page = console.client.get(location).text
    assert "Decision undone." in page
    assert 'class="undone"' in page
    assert _status(console, reply) == Status.PENDING


def test_comment_page_of_another_site_is_a_404_page(console: Api) -> None:
    other = console.submit(key=console.other_site_key, content="You idiot.").json()["id"]
    response = console.client.get(f"/console/comments/{other}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "No such comment" in response.text


def test_empty_spam_asks_first_with_a_count_then_deletes(console: Api) -> None:
    model = console.submit(content="Win big with casino-bonus today.").json()["id"]
    confirmed = console.submit(content="casino-bonus again, for real").json()["id"]
    _post(console, "/console/decide", one=f"{confirmed}:spam")
    assert 'href="/console/empty?status=spam"' in console.client.get(
        "/console?status=spam_model").text
    page = console.client.get("/console/empty?status=spam").text
    assert "<strong>2 spam comments</strong>" in page
    assert "The 1 spam comment a moderator confirmed keeps its text" in page
    up_to = re.search(r'name="up_to_id" value="(\d+)"', page)
    assert up_to is not None
    assert int(up_to.group(1)) == confirmed
    location = _post(console, "/console/empty", page="/console/empty?status=spam",
                     status="spam", up_to_id=up_to.group(1))
    notice = console.client.get(location).text
    assert "Deleted 2 comments for good." in notice
    assert "1 confirmed spam text stay" in notice
    assert console.state.store.get_comment(model, site=None) is None
    assert [(lb.comment_id, lb.text) for lb in console.state.store.labels()] == [
        (None, "casino-bonus again, for real")]
    assert console.client.get("/console/empty?status=approved").status_code == 404


def test_bulk_by_author_domain_and_reason_reaches_every_match(console: Api) -> None:
    spammer = [console.submit(content=f"cheap-pills {n} at https://www.pills.example/buy",
                              author_email="pills@example.net").json()["id"] for n in range(3)]
    linked = console.submit(content="casino-bonus: see http://shop.pills.example",
                            author_email="other@example.net").json()["id"]
    insult = console.submit(content="You idiot.", author_email="troll@example.net").json()["id"]

    def shown(query: str) -> list[int]:
        return _ids(console.client.get("/console?" + query).text)

    assert shown(f"author_of={spammer[0]}") == spammer[::-1]
    assert shown("domain=pills.example") == [linked, *spammer[::-1]]
    assert shown("domain=shop.pills.example") == [linked]
    assert shown("reason=model.abuse") == [insult]
    page = console.client.get("/console").text
    assert f'href="/console?status=review&amp;author_of={insult}"' in page
    assert 'href="/console?status=review&amp;domain=pills.example"' in page
    assert 'href="/console?status=review&amp;reason=model.abuse"' in page

    location = _post(console, "/console/decide", page="/console?domain=pills.example",
                     status="spam", every="1", back="domain=pills.example")
    assert "done=4" in location
    assert {_status(console, i) for i in [*spammer, linked]} == {Status.SPAM}
    assert _status(console, insult) == Status.PENDING
    unfiltered = _post(console, "/console/decide", status="trash", every="1", back="")
    assert "empty=1" in unfiltered  # "every" needs a filter: never the whole queue by accident
    assert _status(console, insult) == Status.PENDING


def test_console_errors_are_pages_and_the_api_keeps_problem_json(console: Api) -> None:
    for response in (console.client.get("/console/nowhere"),
                     console.client.get("/console/comments/not-a-number"),
                     console.client.post("/console/decide", data={"ids": "x"})):
        assert response.status_code in (404, 422)
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>" in response.text
        assert '"type"' not in response.text
    assert console.client.get("/console/nowhere").headers["cache-control"] == "no-store"
    api = console.client.get("/v1/nowhere")
    assert api.headers["content-type"] == "application/problem+json"


def test_decisions_page_undoes_a_last_action_after_the_notice_is_gone(console: Api) -> None:
    held = console.submit(content="You idiot.").json()["id"]
    _post(console, "/console/decide", one=f"{held}:trash", note="gone")
    page = console.client.get("/console/decisions").text
    assert f'href="/console/comments/{held}"' in page
    assert "pending → trash" in page
    location = _post(console, "/console/undo", page="/console/decisions",
                     pairs=f"{held}:{console.state.store.history(held, site='blog')[0].id}",
                     to="decisions")
    assert location == "/console/decisions?undone=1&refused=0"
    assert "Decision undone." in console.client.get(location).text
    assert _status(console, held) == Status.PENDING
