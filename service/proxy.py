"""The client's address and scheme behind a reverse proxy, believed only from trusted proxies.

A request whose peer is in COMMENTMOD_TRUSTED_PROXIES has its client address and scheme taken
from `Forwarded` (RFC 7239) or, without it, `X-Forwarded-For` / `X-Forwarded-Proto`. The address
is the right-most hop that is not itself a trusted proxy: hops further left were written by
the client and prove nothing. From any other peer those headers are ignored, so a client cannot
pick the address its flood checks and logs see. uvicorn's own proxy handling stays off: this is
the one place that reads them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from starlette.types import ASGIApp, Receive, Scope, Send

Network = IPv4Network | IPv6Network
_FOR = re.compile(r'(?:^|;)\s*for="?\[?([^\]";,]+)', re.I)
_PROTO = re.compile(r'(?:^|;)\s*proto="?(https?)"?', re.I)


def parse_networks(values: Sequence[str]) -> tuple[Network, ...]:
    """`10.0.0.0/8`, `192.0.2.7` or `::1`; raises ValueError for anything else."""
    return tuple(ip_network(v.strip(), strict=False) for v in values)


def _address(hop: str) -> str | None:
    """The address of one hop (`192.0.2.1`, `192.0.2.1:8080`, `2001:db8::1`), else None."""
    if hop.count(":") == 1:
        hop = hop.split(":", 1)[0]
    try:
        return str(ip_address(hop))
    except ValueError:
        return None


class TrustedProxyMiddleware:
    def __init__(self, app: ASGIApp, *, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    def _trusted(self, host: str) -> bool:
        try:
            address = ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and self._trusted(client[0]):
            self._rewrite(scope, client)  # in place, so the server's access log sees it too
        await self.app(scope, receive, send)

    def _rewrite(self, scope: Scope, client: tuple[str, int]) -> None:
        headers: dict[str, list[str]] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        hops: list[str] = []
        protos: list[str] = []  # Forwarded: per hop; X-Forwarded-Proto: the proxy's one
        if "forwarded" in headers:
            for element in ",".join(headers["forwarded"]).split(","):
                found = _FOR.search(element)
                hops.append(found.group(1).strip() if found else "")
                scheme = _PROTO.search(element)
                protos.append(scheme.group(1).lower() if scheme else "")
        else:
            hops = [h.strip() for h in ",".join(headers.get("x-forwarded-for", [])).split(",")
                    if h.strip()]
            proto_header = ",".join(headers.get("x-forwarded-proto", [])).split(",")[-1]
            protos = [proto_header.strip().lower()]
        host, believed = client[0], len(hops) - 1
        for index in range(len(hops) - 1, -1, -1):
            address = _address(hops[index])
            if address is None:
                break  # "unknown", an obfuscated name or garbage: stop believing
            host, believed = address, index
            if not self._trusted(address):
                break
        if host != client[0]:
            scope["client"] = (host, 0)
        proto = protos[min(max(believed, 0), len(protos) - 1)] if protos else ""
        if proto in ("http", "https"):
            secure = proto == "https"
            if scope["type"] == "http":
                scope["scheme"] = proto
            else:
                scope["scheme"] = "wss" if secure else "ws"
