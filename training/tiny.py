"""A tiny but real model version, trained in about a second, for tests that need a `LoadedModel`.

    from training.tiny import build_tiny_model
    model = models.load(build_tiny_model(tmp_path))

Its corpus is the hand-written TINY_CORPUS below (nothing from ../shared/data); its scores
rank obvious spam and insults above ordinary comments, and mean nothing beyond that.
"""

from __future__ import annotations

from pathlib import Path

from models.artifact import write_artifact
from models.heads import HEADS
from training.examples import LabeledText
from training.fit import FitConfig, fit

_SPAM = (
    "Check out my channel and subscribe!!! http://bit.ly/xyz",
    "Buy cheap viagra online at www.pills-discount.biz",
    "Call our tech support number +1 800 555 0199 now for printer help",
    "WIN a FREE iPhone!!! Click here http://win-prizes.info to claim your prize",
    "Make $5000 a week working from home, visit my profile",
    "Great post! Visit my blog for cheap SEO backlinks http://seo-links.ru",
    "Contact me on WhatsApp +44 7700 900123 for crypto investment returns",
    "Earn money fast, message me on Telegram @quickcash",
    "Hot singles in your area, click www.datingnow.xyz",
    "Subscribe to my channel please, I make music videos http://youtube.com/c/spam",
    "Best essay writing service, cheap prices, order now at essays.top",
    "Loan approved in 5 minutes, no credit check, call 0800 123 4567",
)
_ABUSE = (
    "You are a fucking idiot and nobody likes you",
    "Shut up you stupid moron",
    "What a dumb piece of shit article, the author is an idiot",
    "Go kill yourself, loser",
    "You retarded clown, get lost",
    "This is the stupidest bullshit I have ever read, you idiots",
    "Fuck off and die",
    "you are pathetic trash and your mother is a whore",
)
_OK = (
    "Thank you for the detailed timeline, very helpful.",
    "I think the second chart has the axis labels swapped.",
    "Great article, I learned a lot about list comprehensions.",
    "Could you explain how the defection was reported at the time?",
    "He was shot twelve times, according to the police report.",
    "As a Russian, I think this is a fair summary of events.",
    "The pilot was found dead in Spain last week.",
    "Nice song, I listen to it every morning.",
    "I disagree with the conclusion, but the sources are solid.",
    "Typo in the third paragraph: it should be 2019, not 2091.",
    "Thanks! This worked for me after upgrading pandas.",
    "Interesting read. Do you have a link to the original paper?",
    "My grandfather served in that war and never talked about it.",
    "The code in section two returns an empty list for me.",
    "Well written and balanced, thanks for sharing.",
    "Is there a follow-up planned on the trial?",
)

TINY_CORPUS: tuple[LabeledText, ...] = (
    *(LabeledText(t, True, False, "tiny") for t in _SPAM),
    *(LabeledText(t, False, True, "tiny") for t in _ABUSE),
    *(LabeledText(t, False, False, "tiny") for t in _OK),
)
TINY_CONFIG = FitConfig(word_bits=12, char_bits=12, C=(10.0,) * len(HEADS))


def build_tiny_model(out_dir: Path, version: str = "0000-00-00.tiny") -> Path:
    """Train on TINY_CORPUS and write `<out_dir>/<version>/`; returns that folder."""
    fitted = fit(list(TINY_CORPUS), TINY_CONFIG, seed=0)
    card = {
        "created_at": "1970-01-01T00:00:00+00:00",
        "promotable": True,
        "thresholds": {"spam": {"spam": 0.90, "hold": 0.50}, "abuse": {"hold": 0.50}},
        "metrics": {"test": [], "cross_domain": [], "supplementary": {}},
        "training": {
            "seed": 0,
            "sources": [{"dataset": "tiny", "train_rows": len(TINY_CORPUS)}],
            "feedback_labels": {},
            "feedback_total": 0,
            "config": TINY_CONFIG.as_dict(),
        },
        "note": "test fixture model from training.tiny; not for production",
    }
    return write_artifact(fitted.pipeline, card, out_dir, version)
