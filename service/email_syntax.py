"""The one email-syntax check of every endpoint (native, Akismet, Perspective-free): WordPress's
`is_email` (wp-includes/formatting.php), so an address WordPress accepted is never answered
`invalid` here, plus the internationalised addresses email-validator accepts (WordPress refuses
them, but other backends send them). Syntax only: no DNS, and special-use TLDs such as `.local`,
`.test` and `.invalid` are accepted, as WordPress does (intranets and staging sites use them).
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

_WP_LOCAL = re.compile(r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+")
_WP_LABEL = re.compile(r"[a-zA-Z0-9-]+")
# PHP's trim() default set, which is_email strips to find leading or trailing junk.
_PHP_SPACE = " \t\n\r\0\x0b"


def wordpress_is_email(email: str) -> bool:
    """WordPress 6.1's `is_email`, check for check (its filters aside)."""
    if len(email.encode("utf-8", "surrogatepass")) < 6 or email.find("@", 1) == -1:
        return False
    local, domain = email.split("@", 1)
    if not _WP_LOCAL.fullmatch(local) or ".." in domain:
        return False
    if domain.strip(_PHP_SPACE + ".") != domain:
        return False
    subs = domain.split(".")
    if len(subs) < 2:
        return False
    return all(sub.strip(_PHP_SPACE + "-") == sub and _WP_LABEL.fullmatch(sub) for sub in subs)


def is_email(email: str) -> bool:
    """True for an address WordPress accepts or email-validator accepts (no deliverability)."""
    if wordpress_is_email(email):
        return True
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
