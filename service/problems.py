"""Rendering every failure as application/problem+json (RFC 9457), through one set of handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from service.domain import FieldError
from service.errors import PROBLEM_BASE, ProblemError, ValidationFailed
from service.schemas import Problem

log = logging.getLogger("commentmod.errors")
PROBLEM_MEDIA_TYPE = "application/problem+json"

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
                    media_type=PROBLEM_MEDIA_TYPE)


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


_PROBLEM_TITLES = {
    400: "Malformed request (body, JSON or cursor)",
    401: "No valid API key",
    403: "The key may not do that",
    404: "No such resource",
    408: "The request body arrived too slowly",
    409: "Conflict",
    413: "The request body is too large",
    422: "Validation failed; `errors` lists every field",
    429: "Too many requests (Retry-After says how long to wait)",
    431: "The request headers are too large",
    503: "The store or the model is unavailable; try again shortly",
}


def _problem_statuses(operation: dict[str, Any]) -> set[int]:
    """What an operation of the v1 API can answer besides success, from its shape."""
    statuses = {400, 422, 431, 503}
    if "security" in operation:
        statuses |= {401, 403, 429}
    if "requestBody" in operation:
        statuses |= {408, 413}
    if any(p.get("in") == "path" for p in operation.get("parameters", ())):
        statuses.add(404)
    declared = {int(code) for code in operation["responses"] if code.isdigit()}
    return statuses | {code for code in declared if code >= 400}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Make the OpenAPI schema say what the v1 API really answers on failure: problem+json,
    never FastAPI's default validation-error body. A route's own error responses that carry a
    model (`/readyz`'s 503) are kept as they are."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = problem_schema
    content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/v1/"):
            continue
        for operation in operations.values():
            responses = operation["responses"]
            for status in sorted(_problem_statuses(operation)):
                current = responses.get(str(status), {})
                if status == 422 or "content" not in current:
                    description = current.get("description") or _PROBLEM_TITLES.get(status, "Error")
                    if status == 422:
                        description = _PROBLEM_TITLES[422]
                    responses[str(status)] = {"description": description, "content": content}
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in components and f'"#/components/schemas/{unused}"' not in orjson.dumps(
            schema["paths"]
        ).decode():
            del components[unused]
    return schema


# An HTML error page for a path (the console's), or None for problem+json: (request, status,
# title, detail) -> page. Browsers get a page they can read; API clients keep problem+json.
HtmlPages = Callable[[Request, int, str, str], Response | None]


def install(app: FastAPI, html: HtmlPages | None = None) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    def page(request: Request, problem: Response, title: str, detail: str) -> Response:
        shown = html(request, problem.status_code, title, detail) if html else None
        if shown is None:
            return problem
        shown.headers.update({k: v for k, v in problem.headers.items()
                              if k.lower() in ("retry-after", "www-authenticate")})
        return shown

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return page(request, render(exc), exc.title, exc.detail)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return page(request, _from_validation_error(exc), "That request was not understood",
                    "A field of the form or a part of the address was not valid.")

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "http-error")
        detail = str(exc.detail)
        if code == "malformed-json":
            detail = "the request body must be a UTF-8 encoded JSON document"
        return page(request, problem_response(exc.status_code, code, str(exc.detail), detail,
                                              headers=dict(exc.headers or {})),
                    str(exc.detail), detail)

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
        return page(request, problem_response(
            500, "internal", "Internal error",
            "the service hit an unexpected error; it has been logged"),
            "Internal error", "Something went wrong on our side; it has been logged.")

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
