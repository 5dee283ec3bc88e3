"""Akismet clients nobody on this project wrote, unmodified, against a live server: Debian's Perl
Net::Akismet and ruby-akismet, npm's akismet-api, PyPI's python-akismet and pykismet3. Each puts
the key in the host name (`KEY.rest.akismet.com`) and never sends `api_key`; the ones with a
verify call send the key as `key`. Each does verify (where it has one), comment-check on ham and
on spam, and submit-spam, whose label must reach the store.

`.ci/run` and `make install-dev` install them (see `tests/compat/clients/`); a client that is
not installed is skipped. The network is `tests.helpers.akismet_net`: a throw-away CA, HTTPS,
and a forward proxy in the clients' standard proxy variables.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.app import create_app
from service.bootstrap import create_key
from service.domain import Status
from service.state import AppState
from service.store.records import Role
from tests.helpers.akismet_net import ForwardProxy, TlsFiles, serve_tls
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import make_settings

CLIENTS = Path(__file__).resolve().parent / "clients"
PYTHON_CLIENTS = CLIENTS / ".python"
BLOG = "https://blog.example.org/"


@dataclass
class AkismetNet:
    state: AppState
    key: str
    tls: TlsFiles
    proxy: ForwardProxy
    port: int

    def env(self) -> dict[str, str]:
        """The standard variables each client's HTTP stack reads: proxies and the CA."""
        keep = {k: v for k, v in os.environ.items()
                if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
        return {**keep, "http_proxy": self.proxy.url, "https_proxy": self.proxy.url,
                "HTTP_PROXY": self.proxy.url, "HTTPS_PROXY": self.proxy.url,
                "no_proxy": "", "NO_PROXY": "", "PERL_LWP_ENV_PROXY": "1",
                "SSL_CERT_FILE": str(self.tls.ca), "REQUESTS_CA_BUNDLE": str(self.tls.ca),
                "NODE_EXTRA_CA_CERTS": str(self.tls.ca)}

    def run(self, *command: str, env: dict[str, str] | None = None) -> dict[str, str]:
        result = subprocess.run(command, cwd=CLIENTS, env={**self.env(), **(env or {})},
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)

    def spam_labels(self) -> list[str]:
        return [label.text for label in self.state.store.labels()
                if label.label is Status.SPAM and label.source == "akismet"]


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AkismetNet]:
    folder = tmp_path_factory.mktemp("akismet-net")
    tls = TlsFiles.create(folder)
    app = create_app(make_settings(folder, sqlite_url(folder)), scorer=KeywordScorer())
    for port in serve_tls(app, tls):
        state: AppState = app.state.commentmod
        key = create_key(state.store, site="blog.example.org", role=Role.SITE, akismet=True)
        proxy = ForwardProxy(port)
        try:
            yield AkismetNet(state, key, tls, proxy, port)
        finally:
            proxy.close()


def _require(ok: bool, what: str) -> None:
    if not ok:
        pytest.skip(f"{what} is not installed (.ci/run and make install-dev install it)")


def _installed(*command: str) -> bool:
    if shutil.which(command[0]) is None:
        return False
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


def test_perl_net_akismet(net: AkismetNet) -> None:
    _require(_installed("perl", "-MNet::Akismet", "-e1"), "Debian's libnet-akismet-perl")
    out = net.run("perl", "net_akismet.pl", net.key, BLOG)
    # A held (abusive) comment is `true` for every client: never published unreviewed.
    assert out == {"verify": "valid", "ham": "false", "spam": "true", "held": "true",
                   "submit": "ok"}
    assert "Perl-reported casino-bonus" in net.spam_labels()


def test_ruby_akismet(net: AkismetNet) -> None:
    _require(_installed("ruby", "-rakismet", "-e0"), "Debian's ruby-akismet")
    out = net.run("ruby", "akismet.rb", net.key, BLOG)
    assert out == {"verify": "valid", "ham": "false", "spam": "true", "blatant": "false",
                   "submit": "ok"}
    assert "Ruby-reported casino-bonus" in net.spam_labels()


def test_npm_akismet_api(net: AkismetNet) -> None:
    _require((CLIENTS / "node_modules" / "akismet-api").is_dir() and _installed("node", "-v"),
             "npm's akismet-api")
    host = f"rest.akismet.com:{net.port}"  # its documented `host` option: the one change
    out = net.run("node", "-r", "./resolve.js", "akismet_api.js", net.key, BLOG, host)
    assert out == {"verify": "valid", "ham": "false", "spam": "true", "submit": "ok"}
    assert "Node-reported casino-bonus" in net.spam_labels()


@pytest.mark.parametrize("kind", ["python-akismet", "pykismet3"])
def test_python_akismet_clients(net: AkismetNet, kind: str) -> None:
    _require((PYTHON_CLIENTS / "pykismet3.py").is_file(), "PyPI's python-akismet and pykismet3")
    out = net.run(sys.executable, "python_clients.py", kind, net.key, BLOG,
                  env={"PYTHONPATH": str(PYTHON_CLIENTS), "PYTHONNOUSERSITE": "1"})
    expected = ({"ham": "Ham", "spam": "ProbableSpam"} if kind == "python-akismet"
                else {"ham": "false", "spam": "true"})
    assert out == {**expected, "submit": "ok"}
    assert f"{kind}-reported casino-bonus" in net.spam_labels()
