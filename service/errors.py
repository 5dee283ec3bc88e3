"""One error hierarchy for the whole service. Each error carries its HTTP status and a stable
problem `type`; one handler in `service.app` renders them all as application/problem+json."""

from __future__ import annotations

from collections.abc import Sequence

from service.domain import FieldError

PROBLEM_BASE = "https://commentmod.dev/problems/"


class ProblemError(Exception):
    status: int = 500
    code: str = "internal"
    title: str = "Internal error"

    def __init__(self, detail: str = "", *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers or {}

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.code


class ValidationFailed(ProblemError):
    status, code, title = 422, "validation", "The submission is not valid"

    def __init__(self, errors: Sequence[FieldError], detail: str = "") -> None:
        super().__init__(detail or f"{len(errors)} field(s) failed validation")
        self.errors = tuple(errors)


class BadRequest(ProblemError):
    status, code, title = 400, "bad-request", "The request could not be read"


class Unauthenticated(ProblemError):
    status, code, title = 401, "unauthenticated", "A valid API key is required"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ProblemError):
    status, code, title = 403, "forbidden", "This key may not do that"


class NotFound(ProblemError):
    status, code, title = 404, "not-found", "No such resource"


class DuplicateComment(ProblemError):
    status, code, title = 409, "duplicate-comment", "Duplicate comment"


class PayloadTooLarge(ProblemError):
    status, code, title = 413, "payload-too-large", "The request body is too large"


class Flooding(ProblemError):
    status, code, title = 429, "flooding", "Comments are being posted too quickly"

    def __init__(self, retry_after: int, detail: str = "") -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = max(1, retry_after)


class RateLimited(ProblemError):
    status, code, title = 429, "rate-limited", "Too many requests for this key"

    def __init__(self, retry_after: int, detail: str = "") -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = max(1, retry_after)


class StoreUnavailable(ProblemError):
    status, code, title = 503, "store-unavailable", "The comment store is unavailable"


class StoreRefused(ProblemError):
    """The database refused a value the checks let through (PostgreSQL: a NUL byte in text)."""

    status, code, title = 422, "value-refused", "The store cannot hold a value of this request"


class ModelUnavailable(ProblemError):
    status, code, title = 503, "model-unavailable", "The classifier is unavailable"


class ModelRefused(ProblemError):
    status, code, title = 409, "model-refused", "The model artifact was refused"


class UndoRefused(ProblemError):
    status, code, title = 409, "undo-refused", "That decision cannot be undone"
