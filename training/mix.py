"""How the corpora are mixed into one training set: cross-labels and per-source weights.

Each built-in corpus labels spam or the abuse attributes (each attribute only where the
corpus says something about it; see training.datasets). Where a corpus is safe to read as a
negative for the other kind it is cross-labeled (SOURCE_MASS lists it for both): Wikipedia
talk comments and tweets are not spam, and the YouTube/SMS messages are not abusive. A
source's `Head.ABUSE` mass is the mass of each attribute head. Within every (source, head)
the positives and the negatives each get half of the source's mass, so a head learns what
separates the classes inside each corpus rather than each corpus's base rate or register.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from models.features import FloatArray
from models.heads import HEADS
from training.examples import Head, LabeledText
from training.tenancy import STORE_SOURCES, weigh_store_labels

# Total weight of each (source, head); a source absent for a head is not used for it.
SOURCE_MASS: dict[str, dict[Head, float]] = {
    "youtube": {Head.SPAM: 1.0, Head.ABUSE: 0.15},
    "sms": {Head.SPAM: 0.6, Head.ABUSE: 0.15},
    "davidson": {Head.ABUSE: 1.0, Head.SPAM: 0.01},
    "olid": {Head.ABUSE: 1.0, Head.SPAM: 0.01},
    "jigsaw": {Head.ABUSE: 1.0, Head.SPAM: 0.02},
    "jigsaw-5k": {Head.ABUSE: 0.6, Head.SPAM: 0.02},
    "civil-comments": {Head.ABUSE: 1.5, Head.SPAM: 0.02},
    "germeval": {Head.ABUSE: 1.0, Head.SPAM: 0.01},
    "mlma-en": {Head.ABUSE: 0.1, Head.SPAM: 0.01},  # keyword-sampled: validation AUC 0.56-0.61
    "mlma-fr": {Head.ABUSE: 0.6, Head.SPAM: 0.01},
    "mlma-ar": {Head.ABUSE: 0.6, Head.SPAM: 0.01},
    "neutral-templates": {Head.ABUSE: 1.0, Head.SPAM: 0.05},
    "attribute-templates": {Head.ABUSE: 1.0, Head.SPAM: 0.05},
    "blog-templates": {Head.SPAM: 0.3},
}
# Synthetic sources are trained on but not calibrated on: templated rows are far easier to
# separate than real ones, and Platt scaling fitted partly on them grows overconfident.
NOT_CALIBRATED: frozenset[str] = frozenset({"blog-templates", "attribute-templates"})
# Sources whose label for the *other* head is taken as False (see the module docstring).
CROSS_NEGATIVE: dict[str, Head] = {
    "youtube": Head.ABUSE,
    "sms": Head.ABUSE,
    "davidson": Head.SPAM,
    "olid": Head.SPAM,
    "jigsaw": Head.SPAM,
    "jigsaw-5k": Head.SPAM,
    "civil-comments": Head.SPAM,
    "germeval": Head.SPAM,
    "mlma-en": Head.SPAM,
    "mlma-fr": Head.SPAM,
    "mlma-ar": Head.SPAM,
    "attribute-templates": Head.SPAM,
}
# Moderators' labels from the service's store (training/feedback.py), every store source pooled.
# They are a few dozen rows against tens of thousands, but they are the only rows from this
# site and the only ones that know today's campaign, so at the typical per-row weight they
# would change nothing. Each label weighs up to FEEDBACK_ROW_CAP times the heaviest built-in row
# of that head (a site key's label less), one site's labels are capped, and all of them together
# weigh at most a total mass per head like one built-in corpus (training/tenancy.py).
# Calibration gives them the typical row weight: the probabilities stay those of the public
# corpora, so the 0.90 spam threshold keeps its meaning (see docs/MODEL.md, "Feedback").
FEEDBACK_SOURCES = STORE_SOURCES
FEEDBACK_MASS: dict[Head, float] = {Head.SPAM: 1.0, Head.ABUSE: 1.0}
FEEDBACK_ROW_CAP = 10.0
VALIDATION_PERCENT = 15
HEAD_ORDER: tuple[str, ...] = HEADS  # the columns of Y and W: spam, then the attributes


def mass_kind(head: str) -> Head:
    """Which SOURCE_MASS / FEEDBACK_MASS entry weighs `head`."""
    return Head.SPAM if head == Head.SPAM else Head.ABUSE


def in_validation(text: str, seed: int = 0) -> bool:
    """A fixed 15% of training rows by a seed-salted hash, unrelated to the test split's."""
    digest = hashlib.sha256(f"validation:{seed}:{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < VALIDATION_PERCENT


def cross_label(row: LabeledText) -> LabeledText:
    head = CROSS_NEGATIVE.get(row.source)
    if head is Head.ABUSE and row.abuse is None and not row.attributes:
        return LabeledText(row.text, row.spam, False, row.source)
    if head is Head.SPAM and row.spam is None:
        return LabeledText(row.text, False, row.abuse, row.source, row.attributes)
    return row


def matrices(
    rows: Sequence[LabeledText],
    calibration: bool = False,
    source_weight: Mapping[str, float] | None = None,
) -> tuple[list[str], FloatArray, FloatArray]:
    """Texts, label matrix Y (n, heads; NaN = unlabeled) and weight matrix W for LinearHeads.

    Feedback sources (FEEDBACK_SOURCES) share FEEDBACK_MASS per head, each label weighted by
    its source's trust and capped per site (training/tenancy.py). Other unknown sources
    (`extra`, ...) get the mean per-row weight of the built-in
    rows of that head, without class balancing: every such label counts like a typical row
    (times `source_weight[source]` where given: `--extra-weight`).
    With `calibration`, every built-in source a head uses counts equally (mass 1), but for
    the synthetic ones in NOT_CALIBRATED (mass 0): the probabilities must hold for legitimate
    text of every register, not only the corpora the head mostly learns from (a blog comment
    reads more like a talk-page comment than like an SMS).
    """
    rows = [cross_label(r) for r in rows]
    texts = [r.text for r in rows]
    labels = np.full((len(rows), len(HEAD_ORDER)), np.nan)
    weights = np.zeros((len(rows), len(HEAD_ORDER)))
    for j, head in enumerate(HEAD_ORDER):
        kind = mass_kind(head)
        groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            label = row.label(head)
            if label is not None:
                labels[i, j] = float(label)
                groups[(row.source, label)].append(i)
        known = [(k, ix) for k, ix in groups.items() if kind in SOURCE_MASS.get(k[0], {})]
        for (source, label), indices in known:
            has_both = (source, not label) in groups
            share = 0.5 if has_both else 1.0
            mass = SOURCE_MASS[source][kind]
            if calibration:
                mass = 0.0 if source in NOT_CALIBRATED else 1.0
            weights[indices, j] = mass * share / len(indices)
        known_rows = [i for _, ix in known for i in ix]
        typical = float(weights[known_rows, j].mean()) if known_rows else 1.0
        heaviest = float(weights[known_rows, j].max()) if known_rows else 1.0
        for (source, _), indices in groups.items():
            if kind not in SOURCE_MASS.get(source, {}):
                weights[indices, j] = typical * (source_weight or {}).get(source, 1.0)
        if not calibration:  # store labels: by source trust, capped per site (training/tenancy.py)
            weigh_store_labels(rows, weights[:, j], head, heaviest * FEEDBACK_ROW_CAP, FEEDBACK_MASS[kind])
    total = weights.sum(axis=0)
    weights *= len(rows) / np.where(total > 0, total, 1.0)  # keeps C on a familiar scale
    return texts, labels, weights
