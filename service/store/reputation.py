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
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.domain import Status
from service.reputation import MAX_DOMAINS, Counts, DomainHistory, History
from service.store.base import StoreBase
from service.store.db import comment_domains, comments, labels

_BAD = [Status.ABUSIVE.value, Status.SPAM.value]
APPROVED_CAP = 100  # an author's approved comments are counted up to this (trust needs N)
MAX_SITES = 20  # sites per domain whose approvals are weighed against their marks


def domain_verdict(status: Status) -> str:
    """What `comment_domains.verdict` holds for a comment intake just decided."""
    return Status.APPROVED.value if status is Status.APPROVED else "held"


_DECIDED = sa.func.sum(sa.case(
    (sa.exists().where(labels.c.comment_id == comments.c.id), 1), else_=0
))


def _row(kind: str, *rest: Any) -> list[Any]:
    return [sa.literal(kind, sa.String).label("kind"), *rest]


def _bad(column: sa.ColumnElement[str], value: str, kind: str) -> sa.Select[Any]:
    """Comments of `value` on the site in spam or abusive, and how many a moderator decided."""
    blank = sa.literal("", sa.String)
    return sa.select(*_row(kind, blank, blank, sa.func.count(), _DECIDED)).where(
        column == sa.bindparam(value), comments.c.site == sa.bindparam("site"),
        comments.c.status.in_(_BAD),
    )


def _approved(column: sa.ColumnElement[str], value: str, cap: str) -> sa.Select[Any]:
    """The approved comments of `value` on the site, counted up to `cap` only."""
    first = sa.select(sa.literal(1)).where(
        column == sa.bindparam(value), comments.c.site == sa.bindparam("site"),
        comments.c.status == Status.APPROVED.value,
    ).limit(sa.bindparam(cap)).subquery()
    blank = sa.literal("", sa.String)
    return sa.select(*_row("approved", blank, blank, sa.func.count(), sa.literal(0))).select_from(
        first
    )


# Every signal in one statement (one round trip, one compiled plan): an author's marked and
# approved comments, the network's marked ones, and each domain's marks per site.
_HISTORY = sa.union_all(
    _bad(comments.c.author_email_hmac, "email", "author"),
    _approved(comments.c.author_email_hmac, "email", "cap"),
    _bad(comments.c.user_network, "network", "network"),
    sa.select(*_row("domain", comment_domains.c.domain, comment_domains.c.site, sa.func.count(),
                    sa.literal(0)))
    # Fixed slots, not an expanding IN: the SQL string stays the same, so its compiled form and
    # the driver's prepared statement are reused on every call.
    .where(comment_domains.c.domain.in_([sa.bindparam(f"d{i}") for i in range(MAX_DOMAINS)]),
           comment_domains.c.verdict.in_(_BAD))
    .group_by(comment_domains.c.domain, comment_domains.c.site),
)
_NETWORK_APPROVED = _approved(comments.c.user_network, "network", "cap")
_DOMAIN_APPROVED = sa.select(sa.func.count()).select_from(
    sa.select(sa.literal(1)).where(
        comment_domains.c.domain == sa.bindparam("domain"),
        comment_domains.c.verdict == Status.APPROVED.value,
        comment_domains.c.site == sa.bindparam("site"),
    ).limit(sa.bindparam("cap")).subquery()
)


_MARKED_SINCE = (
    sa.select(labels.c.id, comments.c.site, comments.c.author_email_hmac, comments.c.user_network,
              comment_domains.c.domain)
    .join(comments, comments.c.id == labels.c.comment_id)
    .outerjoin(comment_domains, comment_domains.c.comment_id == comments.c.id)
    .where(labels.c.id > sa.bindparam("after"), labels.c.label.in_(_BAD))
)


class MarkQueries(StoreBase):
    def marked_since(self, after: int) -> tuple[set[tuple[str, ...]], int]:
        """Keys with a spam or abusive decision in a label newer than `after`: ("author", site,
        email HMAC), ("network", site, network) and ("domain", name); and the newest label id."""
        keys: set[tuple[str, ...]] = set()
        newest = after
        with self._tx() as conn:
            for label_id, site, email_hmac, network, domain in conn.execute(
                _MARKED_SINCE, {"after": after}
            ):
                newest = max(newest, int(label_id))
                keys.add(("author", site, email_hmac))
                if network:
                    keys.add(("network", site, network))
                if domain:
                    keys.add(("domain", domain))
        return keys, newest


class ReputationQueries(MarkQueries):
    def reputation_history(
        self, site: str, *, email_hmac: str | None, network: str | None, domains: Sequence[str]
    ) -> History:
        """What this installation remembers about one submission's author (on `site`), IP
        network (on `site`) and link domains (on every site, per site)."""
        params = {"site": site, "email": email_hmac or "", "network": network or "",
                  "cap": APPROVED_CAP,
                  **{f"d{i}": domains[i] if i < len(domains) else "" for i in range(MAX_DOMAINS)}}
        with self._tx() as conn:
            rows: list[Any] = list(conn.execute(_HISTORY, params))
            author_bad, author_decided = _pair(rows, "author")
            approved, _ = _pair(rows, "approved")
            net_bad, net_decided = _pair(rows, "network")
            net = Counts(bad=net_decided, undecided_bad=net_bad - net_decided)
            if net_decided:  # approvals only matter against marks: count just enough
                counted = conn.execute(_NETWORK_APPROVED, {**params, "cap": net_decided + 1})
                net = replace(net, approved=int(counted.one()[3] or 0))
            marks: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for kind, domain, where, n, _decided in rows:
                if kind == "domain":
                    marks[domain].append((where, int(n)))
            found = _domains(conn, site, marks)
        author = None
        if email_hmac is not None:
            author = Counts(approved=approved, bad=author_decided,
                            undecided_bad=author_bad - author_decided)
        return History(author=author, network=net, domains=tuple(
            found.get(d, DomainHistory(d, Counts(), 0, 0)) for d in domains
        ))


def _pair(rows: Sequence[Any], kind: str) -> tuple[int, int]:
    for row in rows:
        if row[0] == kind:
            return int(row[3] or 0), int(row[4] or 0)
    return 0, 0


def _domains(
    conn: Connection, site: str, marks: dict[str, list[tuple[str, int]]]
) -> dict[str, DomainHistory]:
    """Weigh each site's marks of a domain against that site's approvals of it."""
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
