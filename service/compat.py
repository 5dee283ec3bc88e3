"""Pure mappings between the Akismet and Perspective protocols and the service's own values.

No HTTP and no SQL here: the routes in `service.routes.akismet` and `service.routes.perspective`
read requests, call these, and hand the results to the one intake flow (`service.intake`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from service import privacy, rules
from service.auth import AKISMET_KEY
from service.domain import ReasonCode, Status, Submission
from service.intake import Assessment

# Every comment-check field Akismet documents. The three required ones come first.
AKISMET_REQUIRED = ("api_key", "blog", "user_ip")
# A submit-spam or submit-ham may label an old comment whose IP is long gone.
AKISMET_SUBMIT_REQUIRED = ("api_key", "blog")
AKISMET_FIELDS = (
    *AKISMET_REQUIRED,
    "user_agent",
    "referrer",
    "permalink",
    "comment_type",
    "comment_author",
    "comment_author_email",
    "comment_author_url",
    "comment_content",
    "comment_date_gmt",
    "comment_post_modified_gmt",
    "blog_lang",
    "blog_charset",
    "user_role",
    "is_test",
    "recheck_reason",
    "honeypot_field_name",
)
SUBMISSION_RESPONSE = "Thanks for making the web a better place."
# Spam this sure (or a honeypot or blocked-word hit) is "blatant": Akismet's `discard` pro tip.
DISCARD_SPAM_SCORE = 0.99
_DISCARD_RULES = frozenset({ReasonCode.HONEYPOT, ReasonCode.BLOCKED_WORD})
_TRUE = frozenset({"1", "true", "yes", "on"})
# Akismet's names for the Submission fields, for `X-akismet-debug-help`.
_AKISMET_NAMES = {
    "author_name": "comment_author",
    "author_email": "comment_author_email",
    "author_url": "comment_author_url",
    "content": "comment_content",
}


def _text_encoding(name: str) -> str:
    """The codec `name` means, if it decodes bytes to text (not rot13 or zlib), else UTF-8."""
    try:
        codec = codecs.lookup(name.strip()).name
        b"a".decode(codec, "replace")  # empty input would skip the text-encoding check
    except (LookupError, ValueError):  # ValueError: a NUL byte in the name ("embedded null character")
        return "utf-8"
    return codec


def decode_form(body: bytes) -> dict[str, str]:
    """An x-www-form-urlencoded body, percent-escapes decoded in its `blog_charset` (UTF-8 when
    absent or unknown; undecodable bytes become U+FFFD). The first value of a repeated name wins."""
    text = body.decode("latin-1")
    declared = dict(parse_qsl(text, keep_blank_values=True, encoding="latin-1"))
    charset = _text_encoding(declared.get("blog_charset", ""))
    form: dict[str, str] = {}
    for name, value in parse_qsl(text, keep_blank_values=True, encoding=charset, errors="replace"):
        form.setdefault(name, value)
    return form


# What PHP's addslashes() can output: ', ", \\ and NUL only ever appear escaped.
_ADDSLASHES_OUTPUT = re.compile(r"(?:[^\\'\"\x00]|\\[\\'\"0])*")
_ADDSLASHED = re.compile(r"\\([\\'\"0])")
_SLASHED_FIELDS = ("comment_author", "comment_author_email", "comment_author_url",
                   "comment_content")
_WORDPRESS_AGENT = re.compile(r"^WordPress/\S+ \| Akismet/")


def wordpress_unslashed(form: Mapping[str, str], http_user_agent: str) -> dict[str, str]:
    """The form with WordPress's slashes removed: WordPress runs `wp_slash` on a comment before
    its plugins (Akismet's included) see it, so `it's` arrives as `it\\'s`. Only when the
    caller is WordPress's Akismet plugin (its `User-Agent`), and only when every comment field
    is something addslashes() could have written (no bare quote or backslash anywhere) and at
    least one holds an escape; other clients' text is never touched."""
    fields = [form.get(name, "") for name in _SLASHED_FIELDS]
    if (not _WORDPRESS_AGENT.match(http_user_agent) or not any("\\" in v for v in fields)
            or not all(_ADDSLASHES_OUTPUT.fullmatch(v) for v in fields)):
        return dict(form)

    def strip(match: re.Match[str]) -> str:
        return "\x00" if match.group(1) == "0" else match.group(1)

    return {**form, **{name: _ADDSLASHED.sub(strip, form[name])
                       for name in _SLASHED_FIELDS if name in form}}


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in _TRUE


def missing_field(form: Mapping[str, str], required: tuple[str, ...]) -> str | None:
    """The first required field that is absent or blank."""
    return next((name for name in required if not form.get(name, "").strip()), None)


def _site_forms(name: str) -> set[str]:
    name = name.strip().rstrip("/").casefold()
    return {name, name.removeprefix("www.")}


def blog_names(blog: str) -> frozenset[str] | None:
    """The site names a blog URL stands for: its host (with and without `www.`), its host and
    path, and the URL itself. None when it is no absolute http(s) URL."""
    try:
        parts = urlsplit(blog.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    path = parts.path.rstrip("/")
    return frozenset(
        _site_forms(host) | _site_forms(host + path) | _site_forms(blog.strip().rstrip("/"))
    )


def blog_matches(site: str, names: frozenset[str]) -> bool:
    return bool(_site_forms(site) & names)


def akismet_submission(form: Mapping[str, str]) -> Submission:
    """A comment-check form as an intake Submission. Nothing is stored, so the post is a
    placeholder; the honeypot is the value of the field `honeypot_field_name` names."""
    honeypot_name = form.get("honeypot_field_name", "").strip()
    return Submission(
        post_id="-",
        author_name=form.get("comment_author", ""),
        author_email=form.get("comment_author_email", ""),
        content=form.get("comment_content", ""),
        author_url=form.get("comment_author_url", ""),
        user_ip=form.get("user_ip", ""),
        user_agent=form.get("user_agent", ""),
        referrer=form.get("referrer", ""),
        honeypot=form.get(honeypot_name, "") if honeypot_name else "",
    )


def akismet_field(field: str, form: Mapping[str, str]) -> str:
    if field == "honeypot":
        return form.get("honeypot_field_name", "honeypot")
    return _AKISMET_NAMES.get(field, field)


@dataclass(frozen=True, slots=True)
class AkismetAnswer:
    body: str  # "true" (spam, or held) or "false"
    headers: dict[str, str]


# WordPress's Akismet plugin holds a comment for moderation when the answer carries this header
# (class.akismet.php, auto_check_comment); every other client reads the `true` as "not ham".
HOLD_HEADER = "X-akismet-error"
HOLD_MESSAGE = "held for moderation: {reasons}"


def akismet_answer(verdict: Assessment, guid: str) -> AkismetAnswer:
    """`false` only for an approved comment. Spam is `true`, blatant spam with
    `X-akismet-pro-tip: discard`. A held (`pending`: abusive or doubtful) comment is `true` with
    `X-akismet-error`, which WordPress's plugin turns into "hold for a moderator" and other clients
    into "not published": Akismet has no "held" answer, and `false` would publish it."""
    decision, scores = verdict.decision, verdict.scores
    reasons = ",".join(reason.code.value for reason in decision.reasons)
    headers = {
        "X-akismet-guid": guid,
        "X-commentmod-status": decision.status.value,
        "X-commentmod-reasons": reasons,
        "X-commentmod-spam-score": f"{scores.spam:.4f}",
        "X-commentmod-abuse-score": f"{scores.abuse:.4f}",
        "X-commentmod-model-version": verdict.model_version,
    }
    codes = {reason.code for reason in decision.reasons}
    if decision.status is Status.SPAM:
        if scores.spam >= DISCARD_SPAM_SCORE or codes & _DISCARD_RULES:
            headers["X-akismet-pro-tip"] = "discard"
        return AkismetAnswer("true", headers)
    if decision.status is Status.PENDING:
        headers[HOLD_HEADER] = HOLD_MESSAGE.format(reasons=reasons or "policy")
        return AkismetAnswer("true", headers)
    return AkismetAnswer("false", headers)


def host_key(host: str) -> str | None:
    """The key of Akismet's classic form, `KEY.rest.akismet.com` (or `KEY.<this host>`): the
    Host header's first label, when it is an Akismet-format key and more labels follow."""
    name = host.strip().rsplit(":", 1)[0] if not host.startswith("[") else ""
    first, dot, rest = name.lower().partition(".")
    return first if dot and rest and AKISMET_KEY.fullmatch(first) else None


@dataclass(frozen=True, slots=True)
class LabelText:
    """A text to keep as a training label: cleaned, with email addresses hidden (as intake
    stores comments), so no label holds an address typed into a public field."""

    content: str
    author_name: str = ""
    author_url: str = ""


def label_text(content: str, author_name: str = "", author_url: str = "") -> LabelText:
    def hidden(value: str) -> str:
        return privacy.redact_emails(rules.clean_text(value))[0]

    url, in_url = privacy.redact_emails(rules.clean_text(author_url))
    return LabelText(hidden(content), hidden(author_name), "" if in_url else url)


# Perspective attributes and the model head that answers each.
PERSPECTIVE_ATTRIBUTES = {"TOXICITY": "abuse", "SPAM": "spam"}
# The bundled model is trained and evaluated on English text only.
PERSPECTIVE_LANGUAGES = ("en",)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n\s*")


def language_supported(tag: str) -> bool:
    """`en`, `en-US` and `en_GB` are English."""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0] in PERSPECTIVE_LANGUAGES


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[begin, end) offsets (in code points) of each sentence, without surrounding white space:
    a sentence ends at `.`, `!`, `?` or `…` followed by white space, or at a line break."""
    spans = []
    start = 0
    for brk in [*_SENTENCE_BREAK.finditer(text), None]:
        end = len(text) if brk is None else brk.start()
        piece = text[start:end]
        begin = start + len(piece) - len(piece.lstrip())
        finish = start + len(piece.rstrip())
        if finish > begin:
            spans.append((begin, finish))
        if brk is not None:
            start = brk.end()
    return spans


def suggested_label(scores: Mapping[str, float]) -> Status:
    """A Perspective score suggestion as a label: SPAM ≥ 0.5 → spam, else TOXICITY ≥ 0.5 →
    abusive, else approved. `scores` maps attribute names to values in [0, 1]."""
    if scores.get("SPAM", 0.0) >= 0.5:
        return Status.SPAM
    if scores.get("TOXICITY", 0.0) >= 0.5:
        return Status.ABUSIVE
    return Status.APPROVED


_GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}


def google_error(code: int, message: str) -> dict[str, dict[str, object]]:
    """Google's JSON error body, as Perspective answers: `{"error": {code, message, status}}`."""
    status = _GOOGLE_STATUS.get(code, "INTERNAL" if code >= 500 else "INVALID_ARGUMENT")
    return {"error": {"code": code, "message": message, "status": status}}
