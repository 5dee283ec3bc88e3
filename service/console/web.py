"""What the console and the demo blog share: Jinja2 environments with autoescaping on, HTML
responses with strict security headers, and a whitelist of static files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import FileResponse, HTMLResponse, Response

from service.console.highlight import highlighted
from service.errors import NotFound

# No inline script or style anywhere: even an escaping bug could not run injected code.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_MEDIA_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


def make_env(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["highlighted"] = highlighted
    return env


def paragraphs(text: str) -> list[list[str]]:
    """Plain text as paragraphs of lines (blank lines split paragraphs); the template escapes
    each line, so no markup from a comment is ever interpreted."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [b.strip("\n").split("\n") for b in blocks]


def http_url(url: str) -> bool:
    """Only http(s) links are rendered as links (intake checks too; this is the second lock)."""
    return url.lower().startswith(("http://", "https://"))


def render(
    env: Environment, template: str, context: Mapping[str, Any], *, status: int = 200,
    private: bool = True,
) -> HTMLResponse:
    html = env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=security_headers(private=private))


def security_headers(*, private: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    if private:
        headers["Cache-Control"] = "no-store"
    return headers


def static_file(folder: Path, name: str) -> Response:
    """Serve one file of `folder` by bare name; anything else (paths, dot files) is a 404."""
    path = folder / name
    if "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
        raise NotFound(f"no static file {name!r}")
    media_type = _MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media_type, headers={
        "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})
