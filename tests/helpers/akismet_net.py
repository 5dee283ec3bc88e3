"""A stand-in for Akismet's network, so unmodified clients in other languages reach a live server
while believing they talk to `rest.akismet.com` and `KEY.rest.akismet.com`:

- `TlsFiles.create`: a throw-away CA and a certificate for `rest.akismet.com` and
  `*.rest.akismet.com`, which the clients are told to trust (SSL_CERT_FILE, REQUESTS_CA_BUNDLE,
  NODE_EXTRA_CA_CERTS);
- `serve_tls`: the app served by uvicorn over HTTPS on a free localhost port, in a thread;
- `ForwardProxy`: an HTTP proxy (the clients' standard `http_proxy` / `https_proxy`) that tunnels
  every CONNECT to that server and relays plain `http://` requests to it over TLS. The Host header
  the client wrote (with the key in it) reaches the app unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.helpers.threaded_server import serve_in_thread

NAMES = ("rest.akismet.com", "*.rest.akismet.com")


@dataclass(frozen=True)
class TlsFiles:
    ca: Path
    cert: Path
    key: Path

    @classmethod
    def create(cls, folder: Path) -> TlsFiles:
        now = dt.datetime.now(dt.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "commentmod test CA")])
        ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
              .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(hours=1))
              .not_valid_after(now + dt.timedelta(days=2))
              .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
              .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                           False), critical=True)
              .sign(ca_key, hashes.SHA256()))
        key = ec.generate_private_key(ec.SECP256R1())
        leaf = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAMES[0])]))
                .issuer_name(ca_name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(hours=1))
                .not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in NAMES]),
                               critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .sign(ca_key, hashes.SHA256()))
        files = cls(folder / "ca.pem", folder / "server.pem", folder / "server.key")
        files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
        files.cert.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
        files.key.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
        return files


def serve_tls(app: Any, tls: TlsFiles) -> Iterator[int]:
    """Yields the port of `app` served over HTTPS on 127.0.0.1."""
    yield from serve_in_thread(app, ssl_certfile=str(tls.cert), ssl_keyfile=str(tls.key))


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    for end in (source, sink):
        with contextlib.suppress(OSError):
            end.close()


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class ForwardProxy:
    """Listens on 127.0.0.1; every request, whatever host it names, goes to `target_port`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._client_tls = ssl.create_default_context()
        self._client_tls.check_hostname = False  # our own server, reached by address
        self._client_tls.verify_mode = ssl.CERT_NONE
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._start(self._accept)

    def _start(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def close(self) -> None:
        """Stop accepting, then wait for the connections in flight: the fixture closes the proxy
        before the server, so no hand-off is still connecting (or handshaking) to a server that
        is shutting down, however slow a loaded machine makes the clients' last connections."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() (close does not)
        self._sock.close()
        deadline = time.monotonic() + 30
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._start(self._handle, conn)

    def _handle(self, conn: socket.socket) -> None:
        # A connection that fails (the client gave up, the handshake was refused) fails for its
        # client, whose output each test asserts; it must not also raise in this thread.
        try:
            self._forward(conn)
        except OSError:
            with contextlib.suppress(OSError):
                conn.close()

    def _forward(self, conn: socket.socket) -> None:
        head = _read_head(conn)
        line, _, rest = head.partition(b"\r\n")
        parts = line.split(b" ")
        if len(parts) != 3:
            conn.close()
            return
        method, target, version = parts
        raw = socket.create_connection(("127.0.0.1", self.target_port))
        upstream: socket.socket = raw
        try:
            if method == b"CONNECT":
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                if rest.partition(b"\r\n\r\n")[2]:
                    upstream.sendall(rest.partition(b"\r\n\r\n")[2])
            else:
                url = urlsplit(target.decode("latin-1"))
                path = (url.path or "/") + (f"?{url.query}" if url.query else "")
                upstream = self._client_tls.wrap_socket(raw, server_hostname=NAMES[0])
                upstream.sendall(b" ".join((method, path.encode("latin-1"), version)) + b"\r\n"
                                 + rest)
        except OSError:
            for end in (upstream, raw):
                with contextlib.suppress(OSError):
                    end.close()
            raise
        self._start(_pipe, conn, upstream)
        _pipe(upstream, conn)
