"""Moderation use cases shared by the API and the console: which comments each queue view
shows, and how many each holds.

"Spam" is two views: what the model put there (still to review) and what a moderator confirmed
(done, out of the default view). "To review" is what waits for a human: pending comments and
model spam. A decision is "live" until undone (see `store/decisions.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.domain import Status
from service.store import SqlStore


class QueueView(StrEnum):
    REVIEW = "review"
    PENDING = "pending"
    SPAM_MODEL = "spam_model"
    SPAM_CONFIRMED = "spam_confirmed"
    SPAM = "spam"
    ABUSIVE = "abusive"
    APPROVED = "approved"
    TRASH = "trash"


@dataclass(frozen=True, slots=True)
class ViewQuery:
    statuses: tuple[Status, ...]
    reviewed: bool | None  # None: whoever decided it


VIEWS: dict[QueueView, ViewQuery] = {
    QueueView.REVIEW: ViewQuery((Status.PENDING, Status.SPAM), False),
    QueueView.PENDING: ViewQuery((Status.PENDING,), None),
    QueueView.SPAM_MODEL: ViewQuery((Status.SPAM,), False),
    QueueView.SPAM_CONFIRMED: ViewQuery((Status.SPAM,), True),
    QueueView.SPAM: ViewQuery((Status.SPAM,), None),
    QueueView.ABUSIVE: ViewQuery((Status.ABUSIVE,), None),
    QueueView.APPROVED: ViewQuery((Status.APPROVED,), None),
    QueueView.TRASH: ViewQuery((Status.TRASH,), None),
}
VIEW_LABELS: dict[QueueView, str] = {
    QueueView.REVIEW: "To review (pending and model spam)",
    QueueView.PENDING: "Pending",
    QueueView.SPAM_MODEL: "Spam (model)",
    QueueView.SPAM_CONFIRMED: "Spam (confirmed)",
    QueueView.SPAM: "Spam (all)",
    QueueView.ABUSIVE: "Abusive",
    QueueView.APPROVED: "Approved",
    QueueView.TRASH: "Trash",
}
# Decisions that become training labels; trash says nothing about spam or abuse.
TRAINING_STATUSES = frozenset({Status.APPROVED, Status.SPAM, Status.ABUSIVE})


def view_counts(store: SqlStore, site: str | None) -> dict[QueueView, int]:
    """How many comments each view holds: two queries, whatever the queue's size."""
    by_status = {Status(k): v for k, v in store.count_by_status(site).items()}
    confirmed = store.count_reviewed(site, Status.SPAM)
    counts = {view: sum(by_status[s] for s in q.statuses) for view, q in VIEWS.items()}
    counts[QueueView.SPAM_CONFIRMED] = confirmed
    counts[QueueView.SPAM_MODEL] = by_status[Status.SPAM] - confirmed
    counts[QueueView.REVIEW] = by_status[Status.PENDING] + by_status[Status.SPAM] - confirmed
    return counts
