"""Reputation as explained policy inputs: what the store remembers about an author, an IP network
and the domains a comment links to, turned into reasons (never hidden model features).

- Trusted author (`reputation.trusted_author`): an email with at least `trusted_after` approved
  comments on this site and none in spam or marked abusive. A comment that only the model's
  borderline spam score held (hold_spam ≤ spam < spam threshold) is approved.
- First comment (`reputation.first_comment`, per-site option): an author with no approved comment
  on this site is held, like WordPress's "comment author must have a previously approved comment".
- Spam history (`reputation.spam_history`): an author with a comment marked spam or abusive on
  this site, or an IP network (/24, /48) with at least `network_min_spam` of them and more than
  it has approved, is held.
- Domain marked spam (`reputation.domain_marked_spam`): a site "marks" a domain when more of its
  comments linking there are spam or abusive than approved. A comment is held for a domain that
  this site marks, or that at least `domain_min_sites` OTHER sites mark: one other site alone
  (its moderators or its key) cannot change this site's verdicts.

"Marked" means decided by a moderator: intake's own spam verdicts never feed reputation (no
feedback loop from the model into itself), they only withhold trust. Reputation holds; it never
sends a comment to spam by itself. Messages name counts and domains,
never an email or an IP address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from models.types import Scores
from service.domain import Reason, ReasonCode, Status
from service.policy import Decision, Thresholds, decide

MAX_DOMAINS = 10  # looked up and stored per comment; a comment with more is held for links anyway


@dataclass(frozen=True, slots=True)
class ReputationConfig:
    trusted_after: int = 3  # 0 turns trust off
    hold_first_comment: bool = False
    network_min_spam: int = 2
    domain_min_sites: int = 2


@dataclass(frozen=True, slots=True)
class Counts:
    approved: int = 0
    bad: int = 0  # marked spam or abusive by a moderator
    undecided_bad: int = 0  # sent to spam by intake itself, never reviewed: withholds trust only

    @property
    def marks_spam(self) -> bool:
        return self.bad > 0 and self.bad > self.approved


@dataclass(frozen=True, slots=True)
class DomainHistory:
    domain: str
    here: Counts  # this site's comments linking to the domain
    other_sites: int  # distinct other sites that mark it spam
    other_bad: int  # spam or abusive comments linking to it on those sites


@dataclass(frozen=True, slots=True)
class History:
    author: Counts | None  # None: an anonymous comment (no email), so no author history
    network: Counts
    domains: tuple[DomainHistory, ...] = ()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _domain_reason(d: DomainHistory, min_sites: int) -> Reason | None:
    sites = d.other_sites + (1 if d.here.marks_spam else 0)
    if not d.here.marks_spam and d.other_sites < min_sites:
        return None
    bad = d.other_bad + (d.here.bad if d.here.marks_spam else 0)
    where = "on this site" if sites == 1 else f"on {sites} sites"
    return Reason(ReasonCode.DOMAIN_MARKED_SPAM, f"domain {d.domain} marked spam {_times(bad)} {where}")


def needs_author(scores: Scores, thresholds: Thresholds, config: ReputationConfig) -> bool:
    """Whether the author's counts can matter beyond their marks: the first-comment hold is on,
    or trust could lift this score (a borderline spam score)."""
    borderline = thresholds.hold_spam <= scores.spam < thresholds.spam
    return config.hold_first_comment or (config.trusted_after > 0 and borderline)


def is_trusted(history: History, config: ReputationConfig) -> bool:
    author = history.author
    return (
        config.trusted_after > 0
        and author is not None
        and author.bad == 0
        and author.undecided_bad == 0
        and author.approved >= config.trusted_after
    )


def hits(history: History, config: ReputationConfig) -> tuple[Reason, ...]:
    """The reputation reasons that hold a comment, in a fixed order."""
    found: list[Reason] = []
    author = history.author
    if config.hold_first_comment and (author is None or author.approved == 0):
        found.append(Reason(ReasonCode.FIRST_COMMENT,
                            "first comment from this author on this site: held for approval"))
    if author is not None and author.bad > 0:
        found.append(Reason(ReasonCode.SPAM_HISTORY, f"this author has "
                            f"{_plural(author.bad, 'comment')} marked spam or abusive on this site"))
    net = history.network
    if net.bad >= config.network_min_spam and net.marks_spam:
        found.append(Reason(ReasonCode.SPAM_HISTORY, f"this IP network has "
                            f"{_plural(net.bad, 'comment')} marked spam or abusive on this site"))
    for d in history.domains:
        reason = _domain_reason(d, config.domain_min_sites)
        if reason is not None:
            found.append(reason)
    return tuple(found)


def trust(
    decision: Decision, scores: Scores, rule_hits: tuple[Reason, ...], thresholds: Thresholds,
    history: History,
) -> Decision:
    """A trusted author's comment held only by a borderline spam score is approved, with the
    reason; any other hold (links, words, abuse, reputation) still holds."""
    if decision.status is not Status.PENDING or scores.spam >= thresholds.spam:
        return decision
    if decide(replace(scores, spam=0.0), rule_hits, thresholds).status is not Status.APPROVED:
        return decision
    approved = history.author.approved if history.author is not None else 0
    reason = Reason(ReasonCode.TRUSTED_AUTHOR, f"{_plural(approved, 'approved comment')} before")
    return replace(decision, status=Status.APPROVED, reasons=(*decision.reasons, reason))


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}")


def _host(url: str) -> str | None:
    if url[:4].lower() == "www.":
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    host = host.removeprefix("www.")
    return host if _HOST.fullmatch(host) and len(host) <= 253 else None


def link_domains(content: str, author_url: str) -> tuple[str, ...]:
    """The distinct host names (without `www.`) of the author URL and of every http(s):// or
    www. link in the content, at most MAX_DOMAINS, in order of appearance. Full host names are
    kept: folding `x.blogspot.com` into `blogspot.com` would mark a whole hosting platform."""
    found: list[str] = []
    for url in ([author_url] if author_url else []) + _URL.findall(content):
        host = _host(url.rstrip(".,;:!?"))
        if host and host not in found:
            found.append(host)
            if len(found) == MAX_DOMAINS:
                break
    return tuple(found)
