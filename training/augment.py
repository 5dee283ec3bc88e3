"""Synthetic neutral sentences that mention identities or violence, labeled not abusive.

The abuse corpora use identity words ("gay", "Jews", "Muslim") and violent words ("shot",
"killed") mostly in abusive tweets and comments, so a model learns the words themselves as
abuse. Following Dixon et al. 2018 ("Measuring and Mitigating Unintended Bias in Text
Classification"), templated neutral sentences are added as negatives for both heads (source
`neutral-templates`, weight in training.mix.SOURCE_MASS). They are training rows only; the
behaviour tests use different sentences (tests/models/test_default_model.py).
"""

from __future__ import annotations

from itertools import product

from training.examples import LabeledText

SOURCE = "neutral-templates"

IDENTITIES = (
    "gay",
    "lesbian",
    "bisexual",
    "transgender",
    "straight",
    "queer",
    "Jewish",
    "Muslim",
    "Christian",
    "Hindu",
    "Buddhist",
    "Sikh",
    "atheist",
    "Catholic",
    "Black",
    "white",
    "Asian",
    "Latino",
    "Hispanic",
    "African American",
    "Native American",
    "Arab",
    "Mexican",
    "Chinese",
    "Russian",
    "Ukrainian",
    "Israeli",
    "Palestinian",
    "German",
    "Indian",
    "immigrant",
    "refugee",
    "disabled",
    "deaf",
    "blind",
    "elderly",
    "female",
    "male",
    "feminist",
    "conservative",
    "liberal",
    "old",
    "young",
)
PLURALS = (
    "gay people",
    "lesbians",
    "Jews",
    "Muslims",
    "Christians",
    "Hindus",
    "Black people",
    "white people",
    "Asians",
    "Mexicans",
    "Russians",
    "Ukrainians",
    "immigrants",
    "refugees",
    "women",
    "men",
    "transgender people",
    "Arabs",
    "Catholics",
    "atheists",
)
TEMPLATES = (
    "I am {i}.",
    "{i} people",
    "my {i} friend",
    "{i} rights",
    "{i} marriage",
    "Is he {i}?",
    "They are {i}.",
    "our {i} colleagues",
    "I am {i} and I work as a teacher.",
    "My neighbour is {i} and we often talk about gardening.",
    "She is a proud {i} engineer.",
    "Being {i} is part of who I am.",
    "The author of the article is {i}.",
    "Speaking as {a} person, I found this helpful.",
    "We interviewed {a} doctor for the second chapter.",
)
PLURAL_TEMPLATES = (
    "Many {p} live in this city.",
    "The survey asked {p} about their working hours.",
    "The museum has an exhibition about the history of {p}.",
    "The report describes discrimination against {p} in housing.",
    "{p} have lived in the region for centuries.",
)
EVENTS = (
    "The flood killed hundreds of people.",
    "Millions died in the famine.",
    "He was killed in the war.",
    "She was murdered in 1990.",
    "They were shot by the police.",
    "The driver died at the scene.",
    "A man was stabbed in the park.",
    "The attack killed three civilians.",
    "He died of his injuries in hospital.",
    "The victims were buried yesterday.",
    "The soldier was wounded in the battle and later recovered.",
    "Police said the victim had been stabbed twice.",
    "The journalist was killed in a car accident in 2014.",
    "Two people died in the fire, according to officials.",
    "The book describes how the king was murdered by his guards.",
    "The hostage was shot during the rescue attempt.",
    "He survived the attack and testified at the trial.",
    "The documentary covers the genocide and its survivors.",
    "The bomb exploded near the station, injuring five people.",
    "The gunman was arrested after a long chase.",
    "Thousands were killed in the earthquake.",
    "The body of the missing hiker was found near the lake.",
    "The war ended with the surrender of the army.",
    "She was sentenced to ten years for the killing.",
    "The terrorist attack was condemned by every party.",
    "The executed prisoners were buried in a mass grave.",
)


def _article(identity: str) -> str:
    return ("an " if identity[0].lower() in "aeiou" else "a ") + identity


def neutral_examples() -> list[LabeledText]:
    """About 400 fixed sentences, in a fixed order (so training stays deterministic)."""
    texts = [t.format(i=i, a=_article(i)) for t, i in product(TEMPLATES, IDENTITIES)]
    texts += [t.format(p=p) for t, p in product(PLURAL_TEMPLATES, PLURALS)]
    texts = [t[0].upper() + t[1:] if t.endswith((".", "?")) else t for t in texts]
    texts += list(EVENTS)
    return [LabeledText(t, False, False, SOURCE) for t in dict.fromkeys(texts)]
