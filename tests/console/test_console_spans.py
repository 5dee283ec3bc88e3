"""The queue highlights the spans that drove a held comment, with the bundled model; markup in a
comment stays text inside and around the highlight."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from models import DEFAULT_MODEL_PATH, load
from service.console.highlight import Segment, highlighted
from service.schemas import SpanOut
from tests.console.conftest import sign_in
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Api]:
    for api in start_api(make_settings(tmp_path, sqlite_url(tmp_path)), load(DEFAULT_MODEL_PATH)):
        assert sign_in(api.client, api.moderator_key).status_code == 303
        yield api


def test_held_comment_shows_its_spans_highlighted_and_listed(console: Api) -> None:
    content = "Nice photos.\n\n<b>You</b> are a pathetic idiot & a moron <script>x</script>"
    body = console.submit(content=content).json()
    assert body["status"] == "pending"
    assert body["spans"]
    html = console.client.get("/console").text
    # The seven-head default finds insult and toxicity spans too, which overlap abuse's.
    mark = r'<mark class="span" data-attributes="([^"]*)" title="([^"]*)">([^<]*)</mark>'
    marks = re.findall(mark, html)
    assert any(
        "abuse" in attributes.split() and re.search(r"\babuse [0-9.]+", title) and "idiot" in text
        for attributes, title, text in marks
    )
    assert '<ul class="why" aria-label="Why">' in html
    assert "<b>abuse</b>: “" in html
    assert "<script>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "language en" in html


def test_segments_cover_the_text_once_across_paragraphs_and_lines() -> None:
    text = "ok then\n\nyou will regret this\nreally"
    spans = [SpanOut(start=9, end=29, attribute="threat", score=0.9),
             SpanOut(start=13, end=17, attribute="insult", score=0.4)]
    paragraphs = highlighted(text, spans)
    assert [["".join(s.text for s in line) for line in p] for p in paragraphs] == [
        ["ok then"], ["you will regret this", "really"]
    ]
    assert paragraphs[1][0] == [
        Segment("you ", ("threat",), "threat 0.90"),
        Segment("will", ("threat", "insult"), "threat 0.90, insult 0.40"),
        Segment(" regret this", ("threat",), "threat 0.90"),
    ]
    assert paragraphs[1][1] == [Segment("really")]
