"""Logging that cannot leak an email address or an API key.

A filter on every handler rewrites each record's final message: addresses become
`[email hidden]`, and `key=`/Bearer tokens become `[redacted]`. uvicorn's access log goes through
the same handlers, so a `?key=` query string (Perspective's auth style) never reaches a log.
"""

from __future__ import annotations

import logging
import re

from service.privacy import redact_emails

_SECRET = re.compile(r"((?:api_?key|key|token)=)[^&\s\"']+", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)
_CM_KEY = re.compile(r"\bcm_[A-Za-z0-9_-]{20,}")


# Every pattern needs one of these (case-insensitively), or a non-ASCII character; most lines,
# access log lines among them, hold none and skip the substitutions. The address hints are those
# of `service.privacy`, the one home of the email pattern: `@` and what reads as one.
_HINTS = ("@", "%40", "&", "at", "key", "token", "bearer", "cm_")


def scrub(text: str) -> str:
    lowered = text.lower()
    if text.isascii() and not any(hint in lowered for hint in _HINTS):
        return text
    text = redact_emails(text)[0]
    text = _SECRET.sub(r"\1[redacted]", text)
    text = _BEARER.sub(r"\1[redacted]", text)
    return _CM_KEY.sub("[redacted]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not break logging
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        return True


class RedactingFormatter(logging.Formatter):
    """Scrubs the whole formatted line, tracebacks included."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str = "INFO") -> None:
    """Route the service's and uvicorn's loggers through one redacting handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    for name in ("commentmod", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(level.upper())


def install_filter_on_root() -> None:
    """Tests and embedders that log through the root logger get the same redaction."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
