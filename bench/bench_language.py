"""Language detectors compared on labelled rows of the shared data: accuracy by text length, speed.

    .venv/bin/python bench/bench_language.py --data-dir ../shared/data [--rows 300]

Rows per language: English (Jigsaw uniform sample), German (GermEval training file), French and
Arabic (MLMA training rows, i.e. not the 0-mod-5 test split), Portuguese (ToLD-Br, which is
evaluation-only anyway; nothing here trains). Each detector that is importable is measured:
`py3langid`, `pycld2`, `lingua-language-detector`, and `models.language` (the one the service
uses, with its short-text rule). Prints Markdown tables. Speed: one core, one text at a time.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import io
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.language import UNDETERMINED, detect  # noqa: E402

csv.field_size_limit(10_000_000)
_MENTION = re.compile(r"@\w+|\bhttps?://\S+|\burl\b|\buser\b", re.IGNORECASE)
BUCKETS = ((0, 20), (20, 40), (40, 80), (80, 10**9))


def _test_row(text: str) -> bool:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big") % 5 == 0


def _clean(text: str) -> str:
    """Mentions and links are not language; tweets are full of them."""
    return " ".join(_MENTION.sub(" ", text).split())


def load_rows(data: Path, rows: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    with (data / "jigsaw-toxic-comments-sample/dataset_subsets/train.5k.csv").open(newline="") as f:
        out += [("en", r["comment_text"]) for r in list(csv.DictReader(f))[:rows]]
    with (data / "germeval2018-offensive-de/germeval2018.training.txt").open(encoding="utf-8") as f:
        out += [("de", line.split("\t")[0]) for line in f.read().splitlines()[:rows]]
    with zipfile.ZipFile(data / "mlma-hate-en-fr-ar/hate_speech_mlma.zip") as z:
        for lang in ("fr", "ar"):
            text = z.read(f"hate_speech_mlma/{lang}_dataset.csv").decode("utf-8")
            tweets = [r["tweet"] for r in csv.DictReader(io.StringIO(text)) if not _test_row(r["tweet"])]
            out += [(lang, t) for t in tweets[:rows]]
    with (data / "told-br-toxic-pt/ToLD-BR.csv").open(newline="", encoding="utf-8") as f:
        out += [("pt", r["text"]) for r in list(csv.DictReader(f))[:rows]]
    return [(lang, t) for lang, t in ((lang, _clean(t)) for lang, t in out) if t]


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def detectors() -> dict[str, Callable[[str], str]]:
    """The candidates that are installed (`pip install py3langid lingua-language-detector`)."""
    found: dict[str, Callable[[str], str]] = {}
    if langid := _optional("py3langid"):
        found["py3langid"] = lambda t: str(langid.classify(t)[0])
    if cld2 := _optional("pycld2"):

        def cld2_detect(text: str) -> str:
            try:
                return str(cld2.detect(text)[2][0][1])
            except cld2.error:
                return UNDETERMINED

        found["pycld2"] = cld2_detect
    if lingua := _optional("lingua"):
        built = lingua.LanguageDetectorBuilder.from_all_languages().build()

        def lingua_detect(text: str) -> str:
            lang = built.detect_language_of(text)
            return str(lang.iso_code_639_1.name.lower()) if lang else UNDETERMINED

        found["lingua"] = lingua_detect
    found["models.language (no length rule)"] = lambda t: detect(t, min_letters=0).language
    found["models.language"] = lambda t: detect(t).language
    return found


def accuracy(right: list[bool], chosen: list[bool]) -> str:
    picked = [ok for ok, keep in zip(right, chosen, strict=True) if keep]
    return f"{sum(picked) / len(picked):.3f}" if picked else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".." / "shared" / "data")
    parser.add_argument("--rows", type=int, default=300)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    rows = load_rows(args.data_dir, args.rows)
    langs = sorted({lang for lang, _ in rows})
    print(f"{len(rows)} rows: " + ", ".join(f"{lang} {sum(r[0] == lang for r in rows)}" for lang in langs))
    print("\n| detector | " + " | ".join(langs) + " | all | <20 chars | 20-40 | 40-80 | 80+ "
          "| undetermined | English called foreign | µs/text p50 | p99 |")
    print("|" + "---|" * (len(langs) + 10))
    for name, fn in detectors().items():
        for _, text in rows[:50]:
            fn(text)  # warm up (models load lazily)
        times, guesses = [], []
        for _, text in rows:
            start = time.perf_counter()
            guesses.append(fn(text))
            times.append(time.perf_counter() - start)
        times.sort()
        right = [g == lang for g, (lang, _) in zip(guesses, rows, strict=True)]
        cells = [accuracy(right, [r[0] == lang for r in rows]) for lang in langs]
        cells.append(accuracy(right, [True] * len(rows)))
        cells += [accuracy(right, [low <= len(r[1]) < high for r in rows]) for low, high in BUCKETS]
        english = [g for g, (lang, _) in zip(guesses, rows, strict=True) if lang == "en"]
        foreign = sum(g not in ("en", UNDETERMINED) for g in english)
        p50 = times[len(times) // 2] * 1e6
        p99 = times[int(len(times) * 0.99)] * 1e6
        cells += [str(guesses.count(UNDETERMINED)), f"{foreign}/{len(english)}", f"{p50:.0f}", f"{p99:.0f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
