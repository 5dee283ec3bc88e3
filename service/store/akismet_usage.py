"""Akismet's account numbers, from the store: comment-checks counted per site and month (no
text is kept), and the corrections that `submit-spam` / `submit-ham` recorded as labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from service.domain import Status
from service.store.base import StoreBase, utc_now
from service.store.db import akismet_usage, labels

_COUNTED = ("calls", "spam", "held", "ham")
_PG_INSERT = postgresql.insert(akismet_usage)
_SQLITE_INSERT = sqlite.insert(akismet_usage)
# One statement per dialect, built once: add this check's counts to the month's row.
_UPSERT: dict[str, sa.Executable] = {
    "postgresql": _PG_INSERT.on_conflict_do_update(
        index_elements=["site", "month"],
        set_={c: akismet_usage.c[c] + _PG_INSERT.excluded[c] for c in _COUNTED}),
    "sqlite": _SQLITE_INSERT.on_conflict_do_update(
        index_elements=["site", "month"],
        set_={c: akismet_usage.c[c] + _SQLITE_INSERT.excluded[c] for c in _COUNTED}),
}


@dataclass(frozen=True, slots=True)
class AkismetCounts:
    """Checks answered (`spam` true, `held` true with the hold header, `ham` false) and the
    corrections reported: `missed_spam` (submit-spam) and `false_positives` (submit-ham)."""

    calls: int = 0
    spam: int = 0
    held: int = 0
    ham: int = 0
    missed_spam: int = 0
    false_positives: int = 0


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def month_start(month: str, later: int = 0) -> datetime:
    """Midnight UTC on the first day of `month` (YYYY-MM), or of `later` months after it."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + later
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


class AkismetUsageQueries(StoreBase):
    def count_akismet_check(self, *, site: str, status: Status,
                            now: datetime | None = None) -> None:
        """One comment-check answered for `site`: approved is ham, pending held, spam spam."""
        values = {"site": site, "month": month_of(utc_now(now)), "calls": 1,
                  "spam": int(status is Status.SPAM), "held": int(status is Status.PENDING),
                  "ham": int(status is Status.APPROVED)}
        with self._tx(write=True) as conn:
            conn.execute(_UPSERT[conn.dialect.name], values)

    def akismet_counts(self, *, site: str, first_month: str | None = None,
                       last_month: str | None = None) -> AkismetCounts:
        """Counts of the months `first_month`..`last_month` (YYYY-MM, inclusive; None: open)."""
        usage = sa.select(*(sa.func.coalesce(sa.func.sum(akismet_usage.c[c]), 0)
                            for c in _COUNTED)).where(akismet_usage.c.site == site)
        if first_month is not None:
            usage = usage.where(akismet_usage.c.month >= first_month)
        if last_month is not None:
            usage = usage.where(akismet_usage.c.month <= last_month)
        corrections = (
            sa.select(labels.c.note, sa.func.count())
            .where(labels.c.site == site, labels.c.source == "akismet",
                   labels.c.comment_id.is_(None))
            .group_by(labels.c.note)
        )
        if first_month is not None:
            corrections = corrections.where(labels.c.created_at >= month_start(first_month))
        if last_month is not None:
            corrections = corrections.where(labels.c.created_at < month_start(last_month, 1))
        with self._tx() as conn:
            calls, spam, held, ham = conn.execute(usage).one()
            by_note = {note: int(n) for note, n in conn.execute(corrections).all()}
        return AkismetCounts(
            calls=int(calls), spam=int(spam), held=int(held), ham=int(ham),
            missed_spam=by_note.get("submit-spam", 0),
            false_positives=by_note.get("submit-ham", 0),
        )
