"""Rendering every failure as application/problem+json (RFC 9457), through one set of handlers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from service.domain import FieldError
from service.errors import PROBLEM_BASE, ProblemError, ValidationFailed

log = logging.getLogger("commentmod.errors")

# FastAPI raises a bare HTTPException(400) only when it cannot decode the body.
_HTTP_CODES = {400: "malformed-json", 404: "not-found", 405: "method-not-allowed", 406: "not-acceptable",
               415: "unsupported-media-type"}


def problem_response(
    status: int, code: str, title: str, detail: str, *,
    errors: Sequence[FieldError] = (), headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"type": PROBLEM_BASE + code, "title": title, "status": status,
                            "detail": detail}
    if errors:
        body["errors"] = [{"field": e.field, "code": e.code, "message": e.message} for e in errors]
    return Response(orjson.dumps(body), status_code=status, headers=headers,
                    media_type="application/problem+json")


def render(exc: ProblemError) -> Response:
    errors = exc.errors if isinstance(exc, ValidationFailed) else ()
    return problem_response(exc.status, exc.code, exc.title, exc.detail, errors=errors,
                            headers=exc.headers)


def _field_name(loc: Sequence[int | str]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


_PYDANTIC_CODES = {"missing": "required", "string_too_long": "too_long", "string_type": "invalid_type",
                   "int_type": "invalid_type", "int_parsing": "invalid_type", "bool_parsing": "invalid_type",
                   "too_long": "too_many", "too_short": "too_few", "literal_error": "invalid_choice",
                   "greater_than_equal": "out_of_range", "less_than_equal": "out_of_range",
                   "model_attributes_type": "invalid_type", "dict_type": "invalid_type",
                   "list_type": "invalid_type", "string_unicode": "invalid_text"}


def _from_validation_error(exc: RequestValidationError) -> Response:
    raw = exc.errors()
    if any(e.get("type") == "json_invalid" for e in raw):
        return problem_response(400, "malformed-json", "The body is not valid JSON",
                                "the request body must be a UTF-8 encoded JSON document")
    errors = [
        FieldError(_field_name(e.get("loc", ())), _PYDANTIC_CODES.get(str(e.get("type")), "invalid"),
                   # pydantic's message describes the expected type; it never echoes the input.
                   str(e.get("msg", "invalid value")))
        for e in raw
    ]
    return render(ValidationFailed(errors))


def install(app: FastAPI) -> None:
    async def on_problem(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return render(exc)

    async def on_validation(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _from_validation_error(exc)

    async def on_http(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "http-error")
        detail = str(exc.detail)
        if code == "malformed-json":
            detail = "the request body must be a UTF-8 encoded JSON document"
        return problem_response(exc.status_code, code, str(exc.detail), detail,
                                headers=dict(exc.headers or {}))

    async def on_crash(_: Request, exc: Exception) -> Response:
        log.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
        return problem_response(500, "internal", "Internal error",
                                "the service hit an unexpected error; it has been logged")

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
