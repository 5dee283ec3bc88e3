"""Personal data helpers: hide email addresses in free text, mask them for moderators,
canonicalise them for keyed look-ups, and coarsen IP addresses to their network.

Redaction searches the text as a person reads it (`service.reading`: NFKC, invisible characters
dropped, `＠ ﹫ &commat; &#64 %40` read as `@`, `。 ． ․` as a dot) and replaces the ORIGINAL
characters of each address found. It finds plain addresses, with spaces, tabs or NBSP around the
`@` (`olena @ example.org`), IP-literal domains (`olena@[192.0.2.1]`, `olena@192.0.2.1`), and
obfuscations: bracketed separators (`olena [at] example [dot] org`, `olena(at)example.org`,
`olena@example[.]org`) and the bare spelled-out form `olena at example dot org`. The bare form is
the one ordinary prose comes close to, so it needs a common top-level domain (`com`, `org`,
`de`…, never a word such as `by` or `it`) and no article or pronoun as a label ("look at this dot
com bubble" stays); "meet at home dot com" reads as the address meet@home.com and is redacted.

This is the one home of the email pattern: the log scrubber (`service.logs`) calls it too.

The local part is matched with every character RFC 5322 allows, so no address survives. Where
that run also holds `/ ? = &`, only what follows the last of them is replaced: a URL or query
string around an address (`https://x.org/?email=olena@example.org`) keeps its shape. For an exotic
address such as `a/b@example.org` that leaves `a/` visible; the address itself never is.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable

from service.reading import reading_view

REDACTION = "[email hidden]"
SHORT_REDACTION = "[email]"
_MASK = "***"

# Combining marks count as name characters: a decomposed `exa\u0301mple.org` is one domain.
_MARK = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LOCAL_CHAR = rf"[\w{_MARK}.!#$%&'*+/=?^`{{|}}~-]"
# Start only where a run of local-part characters starts: one scan per run keeps this linear.
_LOCAL = rf"(?P<local>(?<!{_LOCAL_CHAR}){_LOCAL_CHAR}+)"
_LABEL = rf"[^\W_](?:[\w{_MARK}-]{{0,61}}(?:[^\W_]|[{_MARK}]))?"
# The top-level label has at least two characters and at least one letter ("5.30" is no domain).
_TLD = r"(?=[\w-]{0,62}[^\W\d_])[^\W_][\w-]{0,61}[^\W_]"
_SP = r"[ \t]{0,3}"
_DOT = r"\."
_B_AT = rf"{_SP}[\[({{<]{_SP}(?:at|@){_SP}[\])}}>]{_SP}"
_B_DOT = rf"{_SP}[\[({{<]{_SP}(?:dot|\.){_SP}[\])}}>]{_SP}"
_BARE_DOT = r"[ \t]{1,3}dot[ \t]{1,3}"
_PLAIN_AT = rf"{_SP}@{_SP}"
_BARE_AT = r"[ \t]{1,3}at[ \t]{1,3}"
# Top-level domains the bare spelled-out form accepts: common ones that are no English word.
_COMMON_TLD = (
    r"(?:com|net|org|edu|gov|info|biz|io|dev|app|xyz|online|email|mail|co|uk|de|fr|nl|ru|ua|pl"
    r"|es|ca|au|jp|cn|br|ch|se|dk|fi|cz|eu|ie|nz|ar|mx|kr|tw|hk|sg|za|ro|hu|gr|pt|at|be)(?![\w-])"
)
_NOT_A_NAME = r"(?!(?:the|a|an|this|that|these|those|my|your|our|his|her|its|their|some|any|no)\b)"
_IP_LITERAL = r"\[(?:ipv6:[0-9a-f:.]{2,45}|\d{1,3}(?:\.\d{1,3}){3})\]|\d{1,3}(?:\.\d{1,3}){3}(?![\d.])"


def _domain(dot: str) -> str:
    return rf"(?:{_LABEL}(?:{dot}))+{_TLD}"


_SEPARATED = (
    # olena@example.org, olena @ example[.]org, olena@[192.0.2.1]
    rf"{_PLAIN_AT}(?:{_domain(f'{_DOT}|{_B_DOT}')}|{_IP_LITERAL})",
    # olena@example dot org: a spelled-out dot needs a common TLD, as in the bare form below
    rf"{_PLAIN_AT}(?:{_LABEL}(?:{_DOT}|{_BARE_DOT})){{1,6}}{_COMMON_TLD}",
    # olena [at] example [dot] org, olena(at)example.org, olena [at] example dot org
    rf"{_B_AT}{_domain(f'{_DOT}|{_B_DOT}|{_BARE_DOT}')}",
    # olena at example [dot] org: a bare "at" needs at least one bracketed dot
    rf"[ \t]{{1,3}}at[ \t]{{1,3}}(?:{_LABEL}(?:{_DOT}|{_BARE_DOT}))*"
    rf"{_LABEL}{_B_DOT}(?:{_LABEL}(?:{_DOT}|{_B_DOT}|{_BARE_DOT}))*{_TLD}",
    # olena at example dot org, olena at example.org: bounded, and only with a common TLD
    rf"{_BARE_AT}(?:{_NOT_A_NAME}{_LABEL}(?:{_DOT}|{_BARE_DOT})){{1,6}}{_COMMON_TLD}",
)
_EMAIL = re.compile(
    rf"{_LOCAL}(?:{'|'.join(_SEPARATED)})"
    # "olena k"@example.org
    rf'|"[^"\n]{{1,64}}"@{_domain(_DOT)}',
    re.IGNORECASE,
)
_URL_PUNCTUATION = re.compile(r"[/?=&]")


def _address_spans(original: str) -> list[tuple[int, int]]:
    """The spans of `original` that hold an address, found in its reading view."""
    view = reading_view(original)
    text = view.text
    spans: list[tuple[int, int]] = []
    for match in _EMAIL.finditer(text):
        start = match.start()
        if local := match["local"]:
            # Leave URL punctuation before the address, and leading quotes and dots, in place:
            # 'olena@example.org' keeps its quotation marks.
            tail = _URL_PUNCTUATION.split(local)[-1].lstrip("'.")
            if tail:
                start = match.end("local") - len(tail)
        begin, end = view.original_span(start, match.end())
        if spans and begin < spans[-1][1]:  # two found in one folded source piece
            begin = spans.pop()[0]
        spans.append((begin, end))
    return spans


def redact_emails(text: str, *, max_length: int | None = None) -> tuple[str, bool]:
    """Replace every email address in `text` by REDACTION; return (text, whether any was found).

    With `max_length`, the result is never longer than `max(max_length, len(text))`: each address
    gets the longest marker that still fits (REDACTION, then SHORT_REDACTION, then nothing at all),
    left to right. User text is never truncated here; length validation belongs to the rules.
    """
    found = False
    while True:
        spans = _address_spans(text)
        if not spans:
            return text, found
        found = True
        budget = None
        if max_length is not None:
            kept = len(text) - sum(end - start for start, end in spans)
            budget = max(max_length, len(text)) - kept
        parts: list[str] = []
        last = 0
        for start, end in spans:
            marker = REDACTION
            if budget is not None:
                marker = next(m for m in (REDACTION, SHORT_REDACTION, "") if len(m) <= budget)
                budget -= len(marker)
            parts += [text[last:start], marker]
            last = end
        parts.append(text[last:])
        dropped = "" in parts[1::2]
        text = "".join(parts)
        # A bracketed marker cannot join its neighbours into an address, but a dropped address can
        # ("x" + "" + "@example.org"): only then look again. The text shrinks, so this ends.
        if not dropped:
            return text, found


def mask_email(email: str) -> str:
    """`olena@example.org` → `o***@example.org`. The local part is never shown whole: a one-letter
    local part is hidden entirely, and text without an `@` is masked completely."""
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return _MASK
    # Show the first character only when that cannot spell out the whole local part.
    shown = local[0] if len(local) > 1 and local != local[0] + _MASK else ""
    return f"{shown}{_MASK}@{domain}"


def normalize_email(email: str) -> str:
    """The canonical form hashed for look-ups (duplicates, flooding, export, erasure).

    Trimmed, NFC-normalised, lower-cased in full, and the domain in its ASCII (IDNA) form, so that
    `olena@exämple.org` and `olena@xn--exmple-cua.org`, one mailbox, are one commenter. RFC 5321
    lets a server treat the local part case-sensitively, but practically no provider does; folding
    it means `Olena@` and `olena@` are one commenter, so an erasure request finds every record.
    Provider-specific rules (Gmail dots, `+tags`) are not applied: they would merge addresses that
    belong to different people.
    """
    local, at, domain = _nfc_lower(email)
    if not at:
        return domain
    return f"{local}@{_domain_labels(domain, _to_ascii)}"


def email_lookup_forms(email: str) -> tuple[str, ...]:
    """Every form an address's records may be keyed by: the canonical one, then the form used
    before domains were IDNA-folded (NFC, lower case, the domain in Unicode). Export and erasure
    look up both, so rows stored before the change stay findable."""
    canonical = normalize_email(email)
    local, at, domain = _nfc_lower(email)
    if not at:
        return (canonical,)
    unicode_form = f"{local}@{_domain_labels(domain, _to_unicode)}"
    return (canonical,) if unicode_form == canonical else (canonical, unicode_form)


def _nfc_lower(email: str) -> tuple[str, str, str]:
    local, at, domain = unicodedata.normalize("NFC", email.strip()).rpartition("@")
    return local.lower(), at, domain.lower().rstrip(".")


def _to_ascii(label: str) -> str:
    return label.encode("idna").decode("ascii")


def _to_unicode(label: str) -> str:
    return unicodedata.normalize("NFC", label.encode("ascii").decode("idna")).lower()


def _domain_labels(domain: str, convert: Callable[[str], str]) -> str:
    """Each label converted; a label the IDNA codec refuses (too long, odd characters) is kept."""
    labels = []
    for label in domain.split("."):
        try:
            labels.append(convert(label) if label else label)
        except (UnicodeError, ValueError):
            labels.append(label)
    return ".".join(labels)


def canonical_ip(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Parse an address (brackets and an IPv6 zone are tolerated); IPv4-mapped IPv6 becomes IPv4."""
    text = ip.strip().removeprefix("[").removesuffix("]").partition("%")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def truncate_ip(ip: str) -> str | None:
    """The network a moderator may see: /24 for IPv4, /48 for IPv6; None for empty or invalid."""
    address = canonical_ip(ip)
    if address is None:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
