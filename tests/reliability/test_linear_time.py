"""Every pattern that reads a comment's text runs in time linear in its length.

A comment may be 65,525 characters, and a regular expression that backtracks over runs of
"a.a.a." or "<a <a " takes seconds to minutes on that (seen: 72 s in the model's link pattern,
6 s in the link counter, before they were bounded). Each input below was quadratic in one of
them; linear code handles it in milliseconds, so the 1 s bound has a wide margin either way.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from models.text import prepare
from service.logs import scrub
from service.privacy import redact_emails
from service.rules import count_links, normalize_for_scoring
from tests.helpers.factories import repeated

READERS: dict[str, Callable[[str], object]] = {
    "prepare": prepare,
    "count_links": count_links,
    "redact_emails": redact_emails,
    "scrub": scrub,
    "normalize_for_scoring": normalize_for_scoring,
}
UNITS = [("a.", " x.com"), ("a-", ".x x.com"), ("a", "@"), ("a.", "@"), ("<a ", ""), ("<a>", ""),
         ("<", ""), ("dot ", ""), ("ab[.]", ""), ("x (dot) ", ""), ("a.a@", ""), ("a%40", ""),
         ("a at ", ""), ("a at a dot ", "com"), ("a @ ", ""), ("a\u00ad", "@"), ("a＠a。", ""), ("&#64", "")]


@pytest.mark.parametrize(("unit", "tail"), UNITS)
@pytest.mark.parametrize("reader", READERS)
def test_a_longest_comment_of_repeated_pieces_is_read_quickly(reader: str, unit: str, tail: str) -> None:
    text = repeated(unit, tail)
    # CPU time of this thread, not wall time nor the process's: other processes on a busy machine
    # (CI shares two cores) and threads that earlier tests left running (checkpointers, servers,
    # BLAS pools) do not count against it, while a quadratic pattern still takes seconds of it.
    # The collector is run first and held off while measuring: a collection walks the whole heap
    # the earlier tests built, which says nothing about this reader.
    gc.collect()
    gc.disable()
    try:
        started = time.thread_time()
        READERS[reader](text)
        elapsed = time.thread_time() - started
    finally:
        gc.enable()
    assert elapsed < 1.0
