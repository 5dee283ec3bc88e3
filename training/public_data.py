"""`commentmod data fetch --dest DIR`: download the public datasets `train` needs, pinned.

Each file is fetched from the repository and commit its `../shared/data/*/SOURCE.md` names
(raw.githubusercontent.com/<repo>/<commit>/<path>, or `--mirror` laid out the same way) and
kept only if its SHA-256 is the pinned one; the SMS collection comes as the upstream zip, of
which the two original members are extracted and checked. Files already present with the right
SHA-256 are not fetched again. `DIR` then works as `--data-dir`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

GITHUB_RAW = "https://raw.githubusercontent.com"
TIMEOUT_S = 60
MAX_BYTES = 64 * 1024 * 1024


class FetchError(Exception):
    """A file could not be fetched or did not match its pinned SHA-256 (one line)."""


@dataclass(frozen=True)
class Pinned:
    dest: str  # path under DIR, as ../shared/data lays it out
    repo: str
    commit: str
    path: str  # path in the repository (the zip, for a zip member)
    sha256: str  # of the file as kept (the member, for a zip member)
    member: str | None = None

    def url(self, base: str) -> str:
        return f"{base.rstrip('/')}/{self.repo}/{self.commit}/{urllib.parse.quote(self.path)}"


_YT = ("ScribbleDribble/Spam-Detector-Text-Classification", "c86677607116e6e8852837962fb5619d698d0733")
_SMS = ("j4anvii/sms_classification", "60eb4c0f7576dcca1945b25b418791bd865c3fc0")
_DAVIDSON = ("t-davidson/hate-speech-and-offensive-language", "cb50f7e9eb855a99abc51423bf40df0e26d6fe30")
_OLID = ("wenliangdai/multi-task-offensive-language-detection", "48c38816dc442361dc0fe39a3311e7cfb751b134")
_JIGSAW = ("predibase/llm_distillation_playbook", "6ccc4707eebbb60bce336e4711b742f9f9342fc8")
_DATACAMP = ("Desmond00/DatacampArticleSentimentAnalysis", "a68549a101b7867f187d0ed3bfc4e678f2dc9cb7")

_YOUTUBE_FILES = {
    "Youtube01-Psy.csv": "19797e6c77690e3c8809cfd2853ae7341390636367ba66cf5d4f4083f0b88535",
    "Youtube02-KatyPerry.csv": "902c614f8ef24f987d6f614d7e6111aa5160b89a0646b68e007bd6044a3d123b",
    "Youtube03-LMFAO.csv": "702ef589860a1831956f527760a3d9737ef8a07ab36c7de35b92b8898b8c3928",
    "Youtube04-Eminem.csv": "92f54eb6b22fdf3b7ae85e1f500e5aa7442edd025e504b988a97078756187e76",
    "Youtube05-Shakira.csv": "1d8ab47b71e8037c51183b2fc62f0591a48a4b54f3a4f5d9d3043113b274e98e",
}
_OLID_FILES = {
    "README.txt": "0ede30285b216c6679626be3746813d0975e18fd6f7aa6e659181d85614bedcd",
    "labels-levela.csv": "f301af1a52210727e6601958e7b9795a0b22d81f51f9ad8e1870c503c684fc31",
    "labels-levelb.csv": "81b17b95426b5f5a5c0352bdd0c084915ff06329ac124197ed7e9a931beafc7a",
    "labels-levelc.csv": "a9923225d60105b90f3ca1c10e46d388f24d2989004d1b49843ca5a240ac7897",
    "olid-annotation.txt": "0d34254051fad1b2d423627ceb775bd46a09287a0f78e52b3720e8c67416a2a7",
    "olid-training-v1.0.tsv": "d976bd6faf7800571d06aa4fda00c11c1d39e6fd139747067f683d0c6e76d31f",
    "testset-levela.tsv": "5fff16b4fc474b859540200ef7befd42883fc42810e0a18d3bd621ba90b9cb9e",
    "testset-levelb.tsv": "41abbafc96f7ec364ce3570b0a788f93cd18066dcfb1ccaa5337641264a26097",
    "testset-levelc.tsv": "a115ebe69cc9aefc69027dca83c69b813c0cc82f02c13d4ba1162a80ec9fd235",
}
_JIGSAW_FILES = {
    "data_pools/test.a.bad.200.csv": "e5eaab2c5679d25c506db6fea2c84a9aa08d34e2bd9f0093cc941881a940e9fa",
    "data_pools/test.a.ok.200.csv": "6a5e1ff3c73c7576edabbeadcef5403986c71cf90f74c4bc33509da72f0aeae2",
    "data_pools/test.b.bad.200.csv": "c3f8b905111eef5c1bc6257cc3ac1c0156e4906d154c2419cc1b8d62246a81ae",
    "data_pools/test.b.ok.200.csv": "458c7dff082600e28cbc326b18774b476169aa78f4071c4eedd15e848324d65f",
    "data_pools/test.c.bad.200.csv": "6c381a0334b5fdcf7b1d90c8dc605d4f57180dd040a2034d6557f85766fd7be2",
    "data_pools/test.c.ok.200.csv": "80a2a86f6d3d4e50dc85e577b387e60945f4e2d6e36e6cd9d5d99cb7f30bda69",
    "data_pools/train.a.bad.1k.csv": "c59d2e8cb1b854440839f1f04c92c384fcc7813e46b314df05f1e43151f3dcfc",
    "data_pools/train.a.ok.1k.csv": "a33899b046738486d4768303e30f023b5c8fe5851a39706e3b3ec3ededb125ff",
    "data_pools/train.b.bad.1k.csv": "47e9ba736edb7ab8aa48b75b9b6c8fb090aeb56805ec5535684d5ad52ef4ae34",
    "data_pools/train.b.ok.1k.csv": "3f2638e4275356430c6c6efaaafe7385ce7fe286ac6bff01f92b96e8eda98e3b",
    "data_pools/train.c.bad.1k.csv": "a837182059ae3c49c5322f64abed19b9f23623eccc3316b4866c9033f643e240",
    "dataset_subsets/train.5k.csv": "4b1ed4c1e4f647b800fb5ab57835ced2d932cf64ec831aef1c991cffeefa2e50",
}
_DATACAMP_PATH = "GoodData/final_data_extended_labeledPhase1 - final_data_extended_labeledPhase2.csv"

PINNED: tuple[Pinned, ...] = (
    *(Pinned(f"youtube-spam-collection/{n}", *_YT, f"data/{n}", h) for n, h in _YOUTUBE_FILES.items()),
    Pinned("sms-spam-collection/SMSSpamCollection", *_SMS, "smsspamcollection.zip",
           "7d039a24a6083ed9ef0f806ebad56bbb976e3aeb8de05669173bfdc4996c239d", "SMSSpamCollection"),
    Pinned("sms-spam-collection/readme", *_SMS, "smsspamcollection.zip",
           "8753cd2d3cab68f80c8257851b8c2037778c267f55accb6fd1b5a2e32d36a84e", "readme"),
    Pinned("davidson-hate-offensive/labeled_data.csv", *_DAVIDSON, "data/labeled_data.csv",
           "fcb8bc7c68120ae4af04a5b9acd58585513ede11e1548ebf36a5c2040b6f6281"),
    *(Pinned(f"olid-offenseval2019/{n}", *_OLID, f"OLIDv1.0/{n}", h) for n, h in _OLID_FILES.items()),
    *(
        Pinned(f"jigsaw-toxic-comments-sample/{n}", *_JIGSAW, f"data/{n}", h)
        for n, h in _JIGSAW_FILES.items()
    ),
    Pinned("datacamp-blog-comment-spam/comments.csv", *_DATACAMP, _DATACAMP_PATH,
           "898857de912a8fb087ac30558940c6d069a592498c43525ac6b1a992a511a658"),
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _download(url: str) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise FetchError(f"not an http(s) URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:  # noqa: S310 (checked above)
            data: bytes = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise FetchError(f"cannot download {url}: {exc}") from None
    if len(data) > MAX_BYTES:
        raise FetchError(f"{url} is larger than {MAX_BYTES} bytes")
    return data


def _content(item: Pinned, data: bytes) -> bytes:
    if item.member is None:
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(item.member)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise FetchError(f"{item.path}: no member {item.member} ({exc})") from None


def fetch(dest: Path, base: str = GITHUB_RAW) -> list[Path]:
    """Fetch every pinned file into `dest`; returns the files written. Raises FetchError on the
    first file that cannot be fetched or whose SHA-256 differs (nothing wrong is kept)."""
    written = []
    cache: dict[str, bytes] = {}
    for item in PINNED:
        target = dest / item.dest
        if target.is_file() and _sha256(target.read_bytes()) == item.sha256:
            log.info("%s: already there, SHA-256 checked", target)
            continue
        url = item.url(base)
        if url not in cache:
            log.info("downloading %s", url)
            cache[url] = _download(url)
        data = _content(item, cache[url])
        actual = _sha256(data)
        if actual != item.sha256:
            raise FetchError(f"{url}{'!' + item.member if item.member else ''}: SHA-256 {actual}, "
                             f"expected {item.sha256}; not kept")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(target)
        written.append(target)
    log.info("%d files written, %d already there: %s is ready for --data-dir", len(written),
             len(PINNED) - len(written), dest)
    return written
