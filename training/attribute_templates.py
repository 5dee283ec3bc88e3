"""Templated rows for what the public corpora do not teach (source `attribute-templates`).

The corpora equate abuse with swear words: threats and doxxing in polite words, identity
attacks without slurs and insults in other languages are rare in them, while harmless swearing,
innocent look-alikes ("kill -9", "the bomb"), negation, counter-speech and news about violence
or identity are labeled abusive or not at all. Each family below is generated from templates
and vocabularies written for this project (never from a test set) with the attributes it
should teach; every other attribute is labeled False, so a threat row also says "not profanity".
The behaviour suite in tests/models/test_behaviour.py uses other words (a test checks that).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import product

from models.types import ATTRIBUTES, HARM_ATTRIBUTES
from training.examples import LabeledText, attribute_labels

SOURCE = "attribute-templates"
PER_FAMILY = 400  # rows drawn per family (before removing duplicates)

# (who, whose, verb ending): "you live", "your husband's car", "the author lives".
TARGETS = (
    ("you", "your", ""),
    ("your husband", "your husband's", "s"),
    ("your wife", "your wife's", "s"),
    ("that reporter", "that reporter's", "s"),
    ("the author", "the author's", "s"),
    ("this moderator", "this moderator's", "s"),
)
PLACES = ("house", "home", "street", "office", "workplace", "school", "car", "apartment")
WARNINGS = (
    "Think about that before you post again.",
    "Consider this a warning.",
    "Just so you know.",
    "Sleep well.",
    "Be careful out there.",
    "Nobody would miss you.",
    "",
)
THREATS = (
    "I know where {t} live{s} and I will pay {t} a visit",
    "someone should put a bullet in {t}",
    "I am going to find {t} and make {t} suffer",
    "{t} will not live to see next year",
    "I will hurt {t} and nobody will stop me",
    "keep writing and {t} will end up in a ditch",
    "we will burn down {tp} {p} tonight",
    "one day soon {t} will get what is coming, and it will be painful",
    "I will make sure {t} regret{s} this, one way or another",
    "watch your back when you leave {tp} {p}",
    "I will come to {tp} {p} and deal with {t} personally",
    "accidents happen to people like {t} all the time",
)
DOXXING = (
    "{t} live{s} at {n} {road}, the {colour} {p} with the {thing}. {w}",
    "I found {tp} {p}: {n} {road}. The neighbours will hear about this. {w}",
    "We know {t} work{s} at the {shop} on {road} and leave at {hour}. {w}",
    "Your daughter goes to {school}, right? Pickup is at {hour}. {w}",
    "Nice {colour} door at {n} {road}. {w}",
    "Everyone, {tp} {p} is at {n} {road}. Go say hello. {w}",
    "I know which {shop} {tp} mother works at. Tell her I said hi. {w}",
    "Lovely {colour} {thing} in front of {tp} {p}. It would be a pity if it burned. {w}",
    "{tp} kids walk home past the {shop} at {hour}, don't they? {w}",
    "I posted {tp} home address in the group chat. Let's see who visits. {w}",
    "I have photos of {tp} front door on {road}. {w}",
    "We followed {t} home from the {shop} yesterday. {w}",
)
ROADS = ("Elm Street", "Maple Avenue", "Oak Road", "Birch Lane", "Harbour Drive", "Mill Road", "Station Road")
COLOURS = ("blue", "green", "red", "white", "yellow")
THINGS = ("garden gnome", "trampoline", "broken fence", "silver hatchback", "big oak tree")
SHOPS = ("pharmacy", "bakery", "bank", "garage", "library")
SCHOOLS = ("Lincoln Elementary", "St. Mary's", "Hillside Primary", "Northgate Middle School")
HOURS = ("3:15", "8 am", "five o'clock", "half past four")

GROUPS = (
    "Russians",
    "Mexicans",
    "Muslims",
    "Jews",
    "immigrants",
    "refugees",
    "gay people",
    "trans people",
    "women",
    "Black people",
    "Roma",
    "Poles",
    "Nigerians",
    "Chinese people",
    "Arabs",
)
IDENTITY_ATTACKS = (
    "{g} are not really human",
    "{g} are subhuman and should be treated that way",
    "{g} are a disease on this country",
    "{g} should be sent back where they came from",
    "{g} are all criminals by nature",
    "we would be better off if {g} simply disappeared",
    "{g} breed like rats and ruin every neighbourhood",
    "{g} do not deserve the same rights as the rest of us",
    "never trust {g}, it is in their blood",
    "{g} are parasites living off decent people",
    "this country needs to be cleansed of {g}",
    "{g} are inferior, that is just a fact",
    "{g} are animals and should be kept out",
    "{g} are a plague and deserve to be treated like one",
    "{g} are less than human, everyone knows it",
    "with respect, {g} have no place in a civilised society",
    "{g} are a lower species",
    "{g} should be banned from voting and from owning property",
    "{g} are filth, plain and simple",
    "our streets would be safe again without {g}",
    "{g} are genetically stupid",
    "{g} are cockroaches",
)
NEGATIONS = (
    "I don't hate {g}, I never have",
    "I do not think {g} are inferior in any way",
    "nobody should say that {g} are less than human",
    "it is wrong to claim that {g} are criminals",
    "{g} are not a threat to anyone",
    "I would never say {g} should leave",
    "there is nothing wrong with {g}",
    "saying {g} are a disease is disgusting and false",
)
COUNTER = (
    'someone called my neighbour a "{slur}" today and I reported it',
    "people who shout {slur} at strangers should be ashamed",
    'the word "{slur}" is a slur and has no place here',
    "my son came home crying because a classmate called him {slur}",
    'quoting the troll: "{slur}". This is what we deal with every day',
    "using {slur} as an insult says more about you than about them",
    'a stranger yelled "{slur}" at my friend in the street; we reported him',
    "if you hear someone say {slur}, speak up",
    'my teacher explained why "{slur}" hurts people',
    "the article quotes the slur {slur} so readers see how ugly the abuse was",
    'he was banned for calling someone a "{slur}", good',
)
SLURS = ("faggot", "retard", "tranny", "kike", "spic", "chink", "dyke")
NEWS = (
    "he was shot {n} times outside the {p}, police said",
    "the suspect killed two people before he was arrested",
    "as a {nat}, I can tell you the election was complicated",
    "as a {nat} woman living abroad, I found this article moving",
    "the report says {g} face discrimination when looking for housing",
    "three soldiers were killed in the attack on the base",
    "the victim was stabbed and later died in hospital",
    "the trial of the man accused of murdering his wife starts monday",
    "{g} make up about a tenth of the city's population",
    "the bomb squad cleared the {p} after a suspicious package was found",
    "my grandfather was a {nat} refugee who fled the war",
    "hate crimes against {g} rose last year, the study found",
)
NATIONALITIES = (
    "Russian",
    "Mexican",
    "Jewish",
    "Muslim",
    "Ukrainian",
    "Chinese",
    "Nigerian",
    "Polish",
    "gay",
)
PROFANE = (
    "this {food} is so fucking good",
    "holy shit, this {food} recipe is amazing",
    "damn, the {weather} today is brutal",
    "the {weather} is shit again, typical",
    "my {software} crashed again, what a pile of crap",
    "fucking {software} update broke my printer",
    "hell yeah, the {food} was worth it",
    "I burned the {food}, shit happens",
    "this {software} bug is a pain in the ass",
    "bloody {weather}, I'm soaked",
    "that {food} is badass, seriously",
    "goddamn, I forgot to save and {software} ate my work",
)
FOODS = ("pizza", "lasagna", "curry", "brownie", "ramen", "soup", "chili", "pie")
WEATHER = ("rain", "wind", "heat", "fog", "snow", "humidity")
SOFTWARE = ("Windows", "laptop", "browser", "phone", "editor", "compiler", "router")
LOOKALIKES = (
    "just run kill -9 on the process id and restart it",
    "you can kill the {proc} process with pkill",
    "this {food} is the bomb, thanks for sharing",
    "the dessert is called death by chocolate and it is wonderful",
    "git will kill the old branch after the merge",
    "I killed it at the interview today",
    "that joke slayed me",
    "we shot the video in one take",
    "the {proc} daemon died after the update; a restart fixed it",
    "execute the script, then hang the job until the queue is empty",
    "this tutorial blew my mind",
    "kill all the child processes before you exit",
    "my cat attacked the Christmas tree again",
    "the killer feature of this {software} is the search",
    "a shot of espresso makes the {food} even better",
    "he is a beast on the guitar",
    "send SIGKILL with kill -9 if the {proc} worker hangs",
    "the {proc} job was killed by the OOM killer",
    "kill the {proc} container and start it again",
    "use pkill to kill every {proc} process at once",
    "that comedian killed last night, I could not stop laughing",
    "this {food} is to die for",
    "we are going to crush the competition this quarter",
    "the band blew the roof off the venue",
    "the {software} update murdered my battery life",
)
PROCESSES = ("nginx", "python", "java", "postgres", "docker")
INSULTS_EN = (
    "you are a pathetic little {noun}",
    "only a complete {noun} would write this",
    "the author is a brainless {noun}",
    "what a clueless {noun} you are",
    "go away, you worthless {noun}",
)
NOUNS_EN = ("idiot", "moron", "clown", "loser", "imbecile", "fool")
INSULTS = {
    "de": (
        "du bist ein {noun}",
        "was für ein dummer {noun}",
        "halt die Klappe, du {noun}",
        "nur ein {noun} schreibt so einen Unsinn",
        "der Autor ist ein erbärmlicher {noun}",
    ),
    "fr": (
        "tu es un vrai {noun}",
        "quel {noun} tu fais",
        "ferme-la, espèce de {noun}",
        "seul un {noun} peut écrire ça",
        "l'auteur est un pauvre {noun}",
    ),
    "es": (
        "eres un {noun}",
        "qué {noun} eres",
        "cállate, pedazo de {noun}",
        "solo un {noun} escribiría esto",
        "el autor es un {noun} sin remedio",
    ),
}
NOUNS = {
    "de": ("Idiot", "Vollidiot", "Trottel", "Depp", "Versager", "Schwachkopf"),
    "fr": ("imbécile", "crétin", "abruti", "connard", "minable", "idiot"),
    "es": ("idiota", "imbécil", "estúpido", "payaso", "inútil", "pendejo"),
}
POLITE = {
    "de": (
        "danke für den Artikel, sehr informativ",
        "ich sehe das anders, aber gutes Argument",
        "wann gibt es den nächsten Teil?",
        "das Rezept hat super geklappt",
    ),
    "fr": (
        "merci pour cet article très clair",
        "je ne suis pas d'accord, mais bon argument",
        "quand sort la suite ?",
        "la recette était délicieuse",
    ),
    "es": (
        "gracias por el artículo, muy útil",
        "no estoy de acuerdo, pero buen argumento",
        "¿cuándo sale la segunda parte?",
        "la receta quedó riquísima",
    ),
}


def _labels(**present: bool) -> dict[str, bool | None]:
    """Every attribute False but those given."""
    return {**dict.fromkeys(ATTRIBUTES, False), **present}


def _fill(template: str, rng: random.Random) -> str:
    who, whose, ending = rng.choice(TARGETS)
    values = {
        "t": who,
        "tp": whose,
        "s": ending,
        "p": rng.choice(PLACES),
        "w": rng.choice(WARNINGS),
        "n": str(rng.randint(2, 240)),
        "road": rng.choice(ROADS),
        "colour": rng.choice(COLOURS),
        "thing": rng.choice(THINGS),
        "shop": rng.choice(SHOPS),
        "school": rng.choice(SCHOOLS),
        "hour": rng.choice(HOURS),
        "g": rng.choice(GROUPS),
        "slur": rng.choice(SLURS),
        "nat": rng.choice(NATIONALITIES),
        "food": rng.choice(FOODS),
        "weather": rng.choice(WEATHER),
        "software": rng.choice(SOFTWARE),
        "proc": rng.choice(PROCESSES),
        "noun": rng.choice(NOUNS_EN),
    }
    return template.format(**values).strip()


def _family(templates: tuple[str, ...], rng: random.Random, n: int = PER_FAMILY) -> Iterator[str]:
    for _ in range(n):
        text = _fill(rng.choice(templates), rng)
        yield text[0].upper() + text[1:] if rng.random() < 0.6 else text


def _languages(rng: random.Random) -> Iterator[tuple[str, dict[str, bool | None]]]:
    for language, templates in INSULTS.items():
        for template, noun in product(templates, NOUNS[language]):
            yield template.format(noun=noun), _labels(toxicity=True, insult=True)
        for text in POLITE[language]:
            yield text, _labels()
            yield text[0].upper() + text[1:] + rng.choice(("", " :)", "!")), _labels()


def _harm(labels: dict[str, bool | None]) -> bool:
    return any(bool(labels[a]) for a in HARM_ATTRIBUTES)


def attribute_examples(seed: int = 0) -> list[LabeledText]:
    """The templated rows, deterministic for a seed, each text once."""
    rng = random.Random(seed)  # noqa: S311 - fixed training data, not a secret
    families: list[tuple[tuple[str, ...], dict[str, bool | None]]] = [
        (THREATS, _labels(toxicity=True, threat=True)),
        (DOXXING, _labels(toxicity=True, threat=True)),
        (IDENTITY_ATTACKS, _labels(toxicity=True, identity_attack=True)),
        (NEGATIONS, _labels()),
        (COUNTER, _labels()),
        (NEWS, _labels()),
        (PROFANE, {**_labels(profanity=True), "toxicity": None}),  # toxicity: unknown
        (LOOKALIKES, _labels()),
        (INSULTS_EN, _labels(toxicity=True, insult=True)),
    ]
    rows: dict[str, dict[str, bool | None]] = {}
    for templates, labels in families:
        for text in _family(templates, rng):
            rows.setdefault(text, labels)
    for text, labels in _languages(rng):
        rows.setdefault(text, labels)
    return [
        LabeledText(text, False, _harm(labels), SOURCE, attribute_labels(**labels))
        for text, labels in rows.items()
    ]
