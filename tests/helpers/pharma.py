"""Pharmacy spam the bundled default model catches (held or sent to spam), in ~600 variants:
the campaign of issue 16's poisoning attack. Hand-written templates for the tests."""

from __future__ import annotations

import itertools
import random

_DRUGS = ("viagra", "cialis", "tramadol", "xanax", "oxycodone", "valium", "levitra", "ambien",
          "adderall", "phentermine")
_SHOPS = ("rx-discount", "pillstore24", "meds-online", "cheap-pharma", "bestpills", "quickmeds",
          "rxdeals", "pharma-express")
_PITCHES = (
    "Buy cheap {d} online without prescription at www.{s}.com",
    "Best prices on {d}, no prescription needed, order now at http://{s}.net",
    "{d} for sale, overnight delivery, visit {s}.biz today",
    "Get {d} at 70% off! Discreet shipping from www.{s}.org",
    "Need {d}? Lowest price guaranteed, no doctor visit, http://www.{s}.info",
    "Order {d} 100mg tablets today from {s}.com, free pills with every order",
    "Generic {d} shipped worldwide, pay with bitcoin at {s}.shop",
    "Save 80% on {d}, no questions asked, buy at https://{s}.top",
)


def variants() -> list[str]:
    """Every variant, in a fixed shuffled order (slices of it mix drugs, shops and pitches)."""
    texts = [p.format(d=d, s=s) for p, d, s in itertools.product(_PITCHES, _DRUGS, _SHOPS)]
    random.Random(16).shuffle(texts)
    return texts
