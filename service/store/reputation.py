"""Reputation look-ups, bounded however large the history grows: each signal reads one short
index range of the rows that matter (the few marked spam or abusive), and approved comments are
counted only as far as a rule needs (LIMIT), never all of a popular domain's or network's.

"Marked" means a moderator decided spam or abusive: for authors and networks a label exists for
the comment; for domains the `comment_domains.verdict` a decision wrote. Intake's own spam
verdicts never feed reputation, so the model does not reinforce itself; they only withhold trust.
Indexes: `ix_comments_author_status`, `ix_comments_network_status`, `ix_comment_domains_verdict`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.domain import Status
from service.reputation import Counts, DomainHistory, History
from service.store.base import StoreBase
from service.store.db import comment_domains, comments, labels

_BAD = [Status.ABUSIVE.value, Status.SPAM.value]
APPROVED_CAP = 100  # an author's approved comments are counted up to this (trust needs N)
MAX_SITES = 20  # sites per domain whose approvals are weighed against their marks


def domain_verdict(status: Status) -> str:
    """What `comment_domains.verdict` holds for a comment intake just decided."""
    return Status.APPROVED.value if status is Status.APPROVED else "held"


def _bad_rows(column: sa.ColumnElement[str]) -> sa.Select[int, int]:
    decided = sa.exists().where(labels.c.comment_id == comments.c.id)
    return sa.select(sa.func.count(), sa.func.sum(sa.case((decided, 1), else_=0))).where(
        column == sa.bindparam("value"), comments.c.site == sa.bindparam("site"),
        comments.c.status.in_(_BAD),
    )


def _approved(column: sa.ColumnElement[str]) -> sa.Select[int]:
    first = sa.select(sa.literal(1)).where(
        column == sa.bindparam("value"), comments.c.site == sa.bindparam("site"),
        comments.c.status == Status.APPROVED.value,
    ).limit(sa.bindparam("cap")).subquery()
    return sa.select(sa.func.count()).select_from(first)


_AUTHOR_BAD = _bad_rows(comments.c.author_email_hmac)
_AUTHOR_APPROVED = _approved(comments.c.author_email_hmac)
_NETWORK_BAD = _bad_rows(comments.c.user_network)
_NETWORK_APPROVED = _approved(comments.c.user_network)
_DOMAIN_BAD = (
    sa.select(comment_domains.c.domain, comment_domains.c.site, sa.func.count())
    .where(comment_domains.c.domain.in_(sa.bindparam("domains", expanding=True)),
           comment_domains.c.verdict.in_(_BAD))
    .group_by(comment_domains.c.domain, comment_domains.c.site)
)
_DOMAIN_APPROVED = sa.select(sa.func.count()).select_from(
    sa.select(sa.literal(1)).where(
        comment_domains.c.domain == sa.bindparam("domain"),
        comment_domains.c.verdict == Status.APPROVED.value,
        comment_domains.c.site == sa.bindparam("site"),
    ).limit(sa.bindparam("cap")).subquery()
)


def _counts(conn: Connection, bad: sa.Select[int, int], approved: sa.Select[int],
            value: str, site: str, cap: int | None) -> Counts:
    """`cap` None: approvals are counted only as far as deciding `bad > approved` needs."""
    total, decided = conn.execute(bad, {"value": value, "site": site}).one()
    marked = int(decided or 0)
    limit = cap if cap is not None else (marked + 1 if marked else 0)
    ok = int(conn.scalar(approved, {"value": value, "site": site, "cap": limit}) or 0) if limit else 0
    return Counts(approved=ok, bad=marked, undecided_bad=int(total or 0) - marked)


class ReputationQueries(StoreBase):
    def reputation_history(
        self, site: str, *, email_hmac: str | None, network: str | None, domains: Sequence[str]
    ) -> History:
        """What this installation remembers about one submission's author (on `site`), IP
        network (on `site`) and link domains (on every site, per site)."""
        with self._tx() as conn:
            author = None
            if email_hmac is not None:
                author = _counts(conn, _AUTHOR_BAD, _AUTHOR_APPROVED, email_hmac, site,
                                 APPROVED_CAP)
            net = Counts()
            if network is not None:
                net = _counts(conn, _NETWORK_BAD, _NETWORK_APPROVED, network, site, None)
            found = _domains(conn, site, domains) if domains else {}
        return History(author=author, network=net, domains=tuple(
            found.get(d, DomainHistory(d, Counts(), 0, 0)) for d in domains
        ))


def _domains(conn: Connection, site: str, domains: Sequence[str]) -> dict[str, DomainHistory]:
    marks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for domain, where, n in conn.execute(_DOMAIN_BAD, {"domains": list(domains)}):
        marks[domain].append((where, int(n)))
    found = {}
    for domain, sites in marks.items():
        here, others, other_bad = Counts(), 0, 0
        for where, bad in sorted(sites, key=lambda s: (s[0] != site, -s[1]))[:MAX_SITES]:
            approved = int(conn.scalar(
                _DOMAIN_APPROVED, {"domain": domain, "site": where, "cap": bad + 1}
            ) or 0)
            counts = Counts(approved=approved, bad=bad)
            if where == site:
                here = counts
            elif counts.marks_spam:
                others, other_bad = others + 1, other_bad + bad
        found[domain] = DomainHistory(domain, here, others, other_bad)
    return found
