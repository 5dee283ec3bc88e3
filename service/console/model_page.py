"""What the console's model page shows: the loaded version's card, its metrics per dataset,
score histograms of recent comments, and the training labels moderators made since."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.console.charts import Histogram, histogram
from service.domain import Status
from service.settings import Settings
from service.store import SqlStore

_METRIC_COLUMNS = (
    ("n", "Test rows", "int"), ("positives", "Positives", "int"), ("roc_auc", "ROC AUC", "num"),
    ("average_precision", "Avg precision", "num"), ("precision_hold", "P @ hold", "num"),
    ("recall_hold", "R @ hold", "num"), ("precision_spam", "P @ spam", "num"),
    ("recall_spam", "R @ spam", "num"), ("fp_share_spam", "Legit → spam", "pct"),
)
HISTOGRAM_SAMPLE = 2000


@dataclass(frozen=True, slots=True)
class MetricRow:
    dataset: str
    head: str
    cross_domain: bool
    cells: tuple[str, ...]


def _cell(value: object, kind: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "–"
    if isinstance(value, float) and not math.isfinite(value):
        return "–"
    if kind == "int":
        return f"{int(value):,}"
    return f"{value:.2%}" if kind == "pct" else f"{value:.3f}"


def metric_headers() -> list[str]:
    return [title for _, title, _ in _METRIC_COLUMNS]


def metric_rows(card: Mapping[str, Any]) -> list[MetricRow]:
    """One row per test split in `card["metrics"]["test"]`; a card without metrics has none."""
    metrics = card.get("metrics")
    rows = metrics.get("test") if isinstance(metrics, Mapping) else None
    out = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping):
            continue
        out.append(MetricRow(
            dataset=str(row.get("dataset", "?")), head=str(row.get("head", "?")),
            cross_domain=bool(row.get("cross_domain", False)),
            cells=tuple(_cell(row.get(key), kind) for key, _, kind in _METRIC_COLUMNS),
        ))
    return out


def card_facts(card: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The card's headline fields as (term, description) pairs, for a <dl>."""
    facts = []
    for key, term in (("created_at", "Trained"), ("scikit_learn", "scikit-learn"),
                      ("model_bytes", "Artifact size (bytes)"), ("kind", "Kind"), ("note", "Note")):
        if key in card:
            facts.append((term, str(card[key])))
    if "promotable" in card:
        facts.append(("Quality gate", "passed" if card["promotable"] else "failed"))
    gate = card.get("gate")
    if isinstance(gate, Mapping):
        facts.extend(("Gate failure", str(f)) for f in gate.get("failures", ()) or ())
    training = card.get("training")
    if isinstance(training, Mapping) and "feedback_total" in training:
        facts.append(("Moderator labels used", str(training["feedback_total"])))
    return facts


def trained_at(card: Mapping[str, Any]) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(card["created_at"]))
    except (KeyError, ValueError):
        return None
    return when if when.tzinfo is not None else None


@dataclass(frozen=True, slots=True)
class LabelCount:
    source: str
    label: str
    count: int


def labels_since(store: SqlStore, site: str | None, since: datetime | None) -> list[LabelCount]:
    counts = Counter(
        (lab.source, lab.label.value) for lab in store.labels(since=since)
        if site is None or lab.site == site
    )
    return [LabelCount(s, label, n) for (s, label), n in sorted(counts.items())]


def histograms(store: SqlStore, site: str | None, settings: Settings) -> list[Histogram]:
    """Spam and abuse scores of the newest stored comments (every status), as two histograms."""
    page = store.list_queue(site, statuses=list(Status), before_id=None, limit=HISTOGRAM_SAMPLE)
    spam: Sequence[float] = [c.spam_score for c in page.comments]
    abuse: Sequence[float] = [c.abuse_score for c in page.comments]
    return [
        histogram("spam", spam, [settings.hold_spam_threshold, settings.spam_threshold]),
        histogram("abuse", abuse, [settings.hold_abuse_threshold]),
    ]
