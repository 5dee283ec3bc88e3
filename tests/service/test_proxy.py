"""Client address and scheme behind a reverse proxy: believed only from a trusted proxy."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from service.app import create_app
from service.proxy import TrustedProxyMiddleware, parse_networks
from service.settings import Settings
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings

PROXIES = ("10.0.0.0/8", "::1")


def _echo(request: Request) -> JSONResponse:
    return JSONResponse({"client": request.client.host if request.client else None,
                         "scheme": request.url.scheme})


def client_from(peer: str) -> TestClient:
    app = TrustedProxyMiddleware(Starlette(routes=[Route("/", _echo)]),
                                 trusted=parse_networks(PROXIES))
    return TestClient(app, client=(peer, 4321))


@pytest.mark.parametrize(("headers", "client", "scheme"), [
    ({"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}, "198.51.100.7", "https"),
    # The right-most hop that is not a trusted proxy; what the client wrote further left is not.
    ({"X-Forwarded-For": "1.2.3.4, 198.51.100.7, 10.1.1.1"}, "198.51.100.7", "http"),
    # The scheme is that of the hop believed (the proxy in front wrote it), not the client's.
    ({"Forwarded": 'for=192.0.2.60;proto=http, for="[2001:db8::17]:4711";proto=https'},
     "2001:db8::17", "https"),
    ({"Forwarded": "for=192.0.2.60:8080"}, "192.0.2.60", "http"),
    ({"X-Forwarded-For": "unknown"}, "10.0.0.2", "http"),
])
def test_a_trusted_proxy_gives_the_client_address_and_scheme(
    headers: dict[str, str], client: str, scheme: str
) -> None:
    assert client_from("10.0.0.2").get("/", headers=headers).json() == {
        "client": client, "scheme": scheme}


def test_the_headers_of_an_untrusted_peer_are_ignored() -> None:
    headers = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https",
               "Forwarded": "for=192.0.2.60;proto=https"}
    assert client_from("203.0.113.9").get("/", headers=headers).json() == {
        "client": "203.0.113.9", "scheme": "http"}


def test_the_app_believes_a_configured_proxy_only(tmp_path: Path) -> None:
    """The console marks its cookie Secure for https: behind a TLS-terminating proxy that is
    X-Forwarded-Proto, from the proxy, and never from anyone else."""
    settings = make_settings(tmp_path, sqlite_url(tmp_path), trusted_proxies="10.0.0.0/8")
    app = create_app(settings, scorer=KeywordScorer())
    proto = {"X-Forwarded-Proto": "https"}
    with TestClient(app, client=("10.0.0.2", 1)) as proxied:
        assert "; secure" in proxied.get("/console/login", headers=proto).headers[
            "set-cookie"].lower()
    with TestClient(app, client=("203.0.113.9", 1)) as direct:
        assert "; secure" not in direct.get("/console/login", headers=proto).headers[
            "set-cookie"].lower()


def test_a_malformed_proxy_setting_is_refused() -> None:
    with pytest.raises(ValidationError, match="not an IP address or network"):
        Settings(trusted_proxies="10.0.0.0/8, proxy.internal")
