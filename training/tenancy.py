"""How much each store label weighs: by its source's trust, capped per site.

Every site shares one model, and any site's key can send labels (Akismet `submit-spam`/`-ham`,
Perspective `suggestscore`). Issue 16 showed 400 — even 62 — `submit-ham` calls from one site key
teaching the shared model to approve a spam campaign everywhere, because the store's labels
were pooled into one mass however many rows one site sent. So, per head:

1. each label is worth `SOURCE_TRUST[source]` rows of the per-row unit the caller gives (the
   heaviest built-in row times FEEDBACK_ROW_CAP): a moderator's decision 1, a site key's
   label a fifth of one, since the site key is what a compromised or hostile blog holds;
2. one site's site-key labels weigh at most SITE_KEY_MASS_CAP in all, and all of one site's
   labels at most SITE_MASS_CAP (masses in units of one built-in corpus, `training.mix`): a
   site can correct the model, never outweigh a corpus;
3. all sites' labels of one class weigh at most FEEDBACK_MASS[head] (half of it each when
   both classes occur), as before.

The numbers are recorded in the card (`training.feedback_mass`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from models.features import FloatArray
from training.examples import LabeledText

MODERATOR = "moderator"
SITE_KEY_SOURCES = frozenset({"akismet", "perspective"})
SOURCE_TRUST: dict[str, float] = {MODERATOR: 1.0, "akismet": 0.2, "perspective": 0.2}
STORE_SOURCES = frozenset(SOURCE_TRUST)
SITE_MASS_CAP = 0.5
SITE_KEY_MASS_CAP = 0.05


def _scale_to(column: FloatArray, indices: Sequence[int], cap: float) -> None:
    total = float(column[list(indices)].sum())
    if total > cap > 0:
        column[list(indices)] *= cap / total


def weigh_store_labels(
    rows: Sequence[LabeledText],
    column: FloatArray,
    head: str,
    row_unit: float,
    class_mass: float,
) -> None:
    """Set `column` (one head's weights) for every store label of `head` in `rows`, in place.

    `class_mass` is FEEDBACK_MASS[head]: the most all sites' labels of one class may weigh."""
    mine = [i for i, r in enumerate(rows) if r.source in STORE_SOURCES and r.label(head) is not None]
    if not mine:
        return
    by_site: dict[str, list[int]] = defaultdict(list)
    site_key: dict[str, list[int]] = defaultdict(list)
    by_class: dict[bool, list[int]] = defaultdict(list)
    for i in mine:
        row = rows[i]
        column[i] = SOURCE_TRUST[row.source] * row_unit
        by_site[row.site].append(i)
        by_class[bool(row.label(head))].append(i)
        if row.source in SITE_KEY_SOURCES:
            site_key[row.site].append(i)
    for indices in site_key.values():
        _scale_to(column, indices, SITE_KEY_MASS_CAP)
    for indices in by_site.values():
        _scale_to(column, indices, SITE_MASS_CAP)
    share = 0.5 if len(by_class) == 2 else 1.0
    for indices in by_class.values():
        _scale_to(column, indices, class_mass * share)


def site_masses(rows: Sequence[LabeledText], weights: FloatArray, heads: Sequence[str]) -> dict[str, Any]:
    """Each site's share of the store labels' weight per head, for the card and the log."""
    out: dict[str, dict[str, float]] = {}
    for j, head in enumerate(heads):
        total = float(np.sum(weights[:, j]))
        for i, row in enumerate(rows):
            if row.source in STORE_SOURCES and row.label(head) is not None and total > 0:
                site = out.setdefault(row.site or "(none)", {})
                site[str(head)] = site.get(str(head), 0.0) + float(weights[i, j]) / total
    return {s: {h: round(v, 5) for h, v in m.items()} for s, m in sorted(out.items())}


def describe() -> dict[str, Any]:
    """The weighting rule as the card records it."""
    return {
        "source_trust": dict(SOURCE_TRUST),
        "site_key_sources": sorted(SITE_KEY_SOURCES),
        "site_mass_cap": SITE_MASS_CAP,
        "site_key_mass_cap": SITE_KEY_MASS_CAP,
    }
