"""The console's queue: what it shows (escaped), its filters, and decisions through the same
code path as `POST /v1/moderation/comments/{id}/decision`."""

from __future__ import annotations

import re

from service.console.queue import QueueFilter, find
from service.domain import Status
from tests.console.conftest import form_token
from tests.service.conftest import Api


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-item="(\d+)"', html)]


def _decide(api: Api, **form: str | list[str]) -> str:
    token = form_token(api.client.get("/console").text)
    response = api.client.post("/console/decide", data={"csrf": token, **form},
                               follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def _status(api: Api, comment_id: int) -> str:
    stored = api.state.store.get_comment(comment_id, site=None)
    assert stored is not None
    return stored.status.value


def test_held_and_spam_comments_newest_first_with_masked_email_scores_and_reasons(
    console: Api,
) -> None:
    good = console.submit(content="A calm and useful comment.").json()["id"]
    held = console.submit(content="You idiot.", author_email="trolling@example.net").json()["id"]
    spam = console.submit(content="Win big with casino-bonus today.").json()["id"]
    html = console.client.get("/console").text
    assert _ids(html) == [spam, held]
    assert good not in _ids(html)
    assert "t***@example.net" in html
    assert "trolling@example.net" not in html
    assert "abuse score 0.93 ≥ 0.50" in html
    assert "spam score 0.97 ≥ 0.90" in html
    assert re.search(rf'<meter id="abuse-{held}"[^>]* value="0.93"', html)


def test_comment_html_is_shown_as_text_never_as_markup(console: Api) -> None:
    console.submit(
        author_name='<img src=x onerror="alert(1)">',
        content="You idiot <script>alert('x')</script>\n\n<img src=x onerror=alert(2)> <b>bold</b>",
    )
    html = console.client.get("/console").text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>bold" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/console/static/console.js" defer>']


def test_one_comment_and_a_selection_are_decided_and_kept_as_labels(console: Api) -> None:
    first, second, third = (console.submit(content=f"You idiot, number {n}.").json()["id"]
                            for n in range(3))
    location = _decide(console, one=f"{first}:approved", after=str(second))
    assert location.startswith("/console?&done=1&as=approved&missing=0")
    assert location.endswith(f"#item-{second}")
    assert _status(console, first) == "approved"
    assert "1 comment marked approved." in console.client.get(location).text

    _decide(console, status="abusive", ids=[str(second), str(third)], note="insults")
    assert _status(console, second) == _status(console, third) == "abusive"
    labels = {lab.comment_id: lab for lab in console.state.store.labels()}
    assert labels[first].label is Status.APPROVED
    assert labels[second].label is Status.ABUSIVE
    assert {lab.source for lab in labels.values()} == {"moderator"}


def test_decisions_need_the_form_token(console: Api) -> None:
    comment_id = console.submit(content="You idiot.").json()["id"]
    response = console.client.post(
        "/console/decide", data={"csrf": "forged", "one": f"{comment_id}:trash"},
        follow_redirects=False)
    assert response.status_code == 403
    assert _status(console, comment_id) == "pending"


def test_other_sites_comments_are_neither_shown_nor_decided(console: Api) -> None:
    other = console.submit(key=console.other_site_key, content="You idiot.").json()["id"]
    assert other not in _ids(console.client.get("/console").text)
    location = _decide(console, one=f"{other}:approved")
    assert "done=0" in location
    assert "missing=1" in location
    assert _status(console, other) == "pending"


def test_a_decision_returns_to_the_console_whatever_the_back_field_says(console: Api) -> None:
    comment_id = console.submit(content="You idiot.").json()["id"]
    location = _decide(console, one=f"{comment_id}:spam", back="status=spam&x=//evil.example")
    assert location.startswith("/console?status=spam_model&done=1")
    assert "evil" not in location
    assert _decide(console, status="spam").startswith("/console?&empty=1")


def test_filters_by_status_post_score_and_search(console: Api) -> None:
    abusive = console.submit(content="You idiot.", post_id="post-a").json()["id"]
    spam = console.submit(content="casino-bonus inside", post_id="post-b").json()["id"]
    held = console.submit(content="cheap-pills and a helicopter", post_id="post-b").json()["id"]

    def shown(query: str) -> list[int]:
        return _ids(console.client.get("/console?" + query).text)

    assert shown("") == [held, spam, abusive]
    assert shown("status=spam") == [spam]
    assert shown("status=pending") == [held, abusive]
    assert shown("post_id=post-b") == [held, spam]
    assert shown("min_abuse=0.5") == [abusive]
    assert shown("min_spam=0.55") == [held, spam]
    assert shown("q=HELICOPTER") == [held]
    assert shown("status=bogus&min_spam=nan") == [held, spam, abusive]
    assert shown("status=approved") == []


def test_the_queue_pages_on_from_where_it_stopped(console: Api) -> None:
    ids = [console.submit(content=f"You idiot {n}.").json()["id"] for n in range(5)]
    state = console.state
    first = find(state.store, state.vault, "blog", QueueFilter(), limit=2)
    assert [c.id for c in first.items] == ids[:2:-1][:2]
    second = find(state.store, state.vault, "blog", QueueFilter(before=first.next_before), limit=2)
    assert [c.id for c in second.items] == [ids[2], ids[1]]
    narrow = find(state.store, state.vault, "blog", QueueFilter(q="idiot 0"), limit=2, scan_limit=1)
    assert narrow.items == []
    assert narrow.next_before is not None  # stopped scanning; the next screen goes on
    assert QueueFilter.parse({"before": "7", "status": "spam"}).query(before=3) == (
        "status=spam_model&before=3")
