"""`commentmod recheck`: re-score held comments with the current model and report what would
change. It changes nothing: a moderator decides, the report only points at where to look.
Comments a moderator already decided (confirmed spam, say) are never re-scored: the report
must not propose overriding a human, only what intake alone decided.

Stored text is what is re-scored (addresses already redacted), and only the content rules that
can be re-run on stored fields apply (word lists, link count); the honeypot is not stored, so a
comment held for it keeps its reason in the stored record, not in this report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from models.types import Scorer, Scores
from service.domain import Status, Submission
from service.intake import IntakeConfig, assess_batch
from service.store import SqlStore, StoredComment

PAGE = 200


@dataclass(frozen=True, slots=True)
class Change:
    comment: StoredComment
    new_status: Status
    new_scores: Scores


def _held(store: SqlStore, statuses: Sequence[Status]) -> Iterator[list[StoredComment]]:
    before: int | None = None
    while True:
        page = store.list_queue(None, statuses=statuses, reviewed=False, before_id=before,
                                limit=PAGE)
        if page.comments:
            yield list(page.comments)
        if page.next_cursor is None:
            return
        before = page.next_cursor


def recheck(
    store: SqlStore, scorer: Scorer, config: IntakeConfig, statuses: Sequence[Status]
) -> tuple[int, list[Change]]:
    """(how many undecided comments were re-scored, the ones whose decision would differ)."""
    seen = 0
    changes: list[Change] = []
    for batch in _held(store, statuses):
        subs = [
            Submission(post_id=c.post_id, author_name=c.author_name, author_email="",
                       content=c.content, author_url=c.author_url, user_agent=c.user_agent)
            for c in batch
        ]
        scores, decisions = assess_batch(subs, scorer=scorer, config=config)
        for comment, score, decision in zip(batch, scores, decisions, strict=True):
            if decision.status is not comment.status:
                changes.append(Change(comment, decision.status, score))
        seen += len(batch)
    return seen, changes


def format_report(model_version: str, seen: int, changes: Sequence[Change]) -> str:
    lines = [f"re-scored {seen} held comment(s) with model {model_version}; "
             f"{len(changes)} would change (nothing was changed; comments a moderator "
             "decided are left out)"]
    if changes:
        lines.append("id\tsite\tpost\tnow\twould be\tspam (was→now)\tabuse (was→now)")
    for ch in changes:
        c = ch.comment
        lines.append(
            f"{c.id}\t{c.site}\t{c.post_id}\t{c.status.value}\t{ch.new_status.value}\t"
            f"{c.spam_score:.2f}→{ch.new_scores.spam:.2f}\t{c.abuse_score:.2f}→{ch.new_scores.abuse:.2f}"
        )
    return "\n".join(lines)
