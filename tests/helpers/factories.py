"""Factories for request bodies, so each test states only what matters to it."""

from __future__ import annotations

import itertools
from typing import Any

from service.settings import Settings

_counter = itertools.count(1)


def comment_body(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    body: dict[str, Any] = {
        "post_id": "2023-08-kuzminov-defection",
        "parent_id": None,
        "author_name": "Olena",
        "author_email": f"olena{n}@example.org",
        "author_url": "https://olena.example.org",
        "content": f"Thank you for the detailed timeline. Note {n}.",
        "user_ip": f"203.0.{n % 250}.{n % 200 + 1}",
        "user_agent": "Mozilla/5.0",
        "referrer": "https://blog.example.org/2023/08/defection/",
        "honeypot": "",
    }
    body.update(overrides)
    return body


LONGEST_CONTENT: int = Settings.model_fields["max_content_length"].default


def repeated(unit: str, tail: str = "", length: int = LONGEST_CONTENT) -> str:
    """`unit` repeated to `length` characters, ending with `tail` (pathological-input tests)."""
    return (unit * (length // len(unit) + 1))[: length - len(tail)] + tail
