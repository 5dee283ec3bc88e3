"""Form signals a WordPress-style blog has besides the honeypot: when its comment form was
rendered. A person needs seconds to read and type; a bot posts the moment it fetched the form.

`form_rendered_at` is passed through by the blog backend (an RFC 3339 time or Unix seconds). A
blog that fears forged hidden fields signs the timestamp in its form and checks the signature
itself before passing it on; this service only compares it with the arrival time. A time in the
future counts as too fast: no person answers before the form exists."""

from __future__ import annotations

from datetime import UTC, datetime

from service.domain import Reason, ReasonCode


def too_fast(rendered_at: datetime | None, now: datetime, min_seconds: float) -> Reason | None:
    """`rule.too_fast` when the comment arrived less than `min_seconds` after its form was
    rendered; None without a timestamp or with the rule off (0)."""
    if rendered_at is None or min_seconds <= 0:
        return None
    if rendered_at.tzinfo is None:
        rendered_at = rendered_at.replace(tzinfo=UTC)
    elapsed = (now - rendered_at).total_seconds()
    if elapsed >= min_seconds:
        return None
    shown = max(elapsed, 0.0)
    return Reason(ReasonCode.TOO_FAST, f"submitted {shown:.1f} s after the form was shown "
                  f"(a person needs at least {min_seconds:g} s)")
