"""Console sign-in: a moderator key checked once, then a signed HttpOnly SameSite=Strict
session cookie that never holds the key; CSRF tokens on every form."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.auth import hash_key
from service.bootstrap import create_key
from service.console.session import SESSION_COOKIE, SessionCodec, derive_secret
from service.store.records import Role
from tests.console.conftest import form_token, sign_in
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings


def test_every_page_needs_a_session(api: Api) -> None:
    api.submit(content="You idiot.")
    for path in ("/console", "/console/model", "/console?status=spam"):
        response = api.client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/console/login"
    posted = api.client.post("/console/decide", data={"one": "1:approved", "csrf": "x"},
                             follow_redirects=False)
    assert posted.headers["location"] == "/console/login"
    assert api.state.store.get_comment(1, site=None).status == "pending"  # type: ignore[union-attr]


def test_sign_in_sets_a_signed_httponly_strict_cookie_without_the_key(api: Api) -> None:
    response = sign_in(api.client, api.moderator_key)
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    attributes = {a.strip().lower() for a in session.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/console"} <= attributes
    assert "secure" not in attributes  # plain http here; see the https test below
    assert all(api.moderator_key not in c for c in cookies)
    assert hash_key(api.moderator_key) in session  # the stored hash, signed
    page = api.client.get("/console")
    assert page.status_code == 200
    assert "Moderation queue" in page.text


def test_sign_in_refuses_wrong_keys_site_keys_and_forged_forms(api: Api) -> None:
    wrong = sign_in(api.client, "cm_" + "x" * 43)
    assert wrong.status_code == 401
    assert "not recognised" in wrong.text
    site = sign_in(api.client, api.site_key)
    assert site.status_code == 403
    assert "site key" in site.text
    assert api.site_key not in site.text
    forged = api.client.post("/console/login", data={"key": api.moderator_key, "csrf": "forged"},
                             follow_redirects=False)
    assert forged.status_code == 403
    for response in (wrong, site, forged):
        assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert api.client.get("/console", follow_redirects=False).status_code == 303


def test_the_cookie_is_secure_over_https_or_when_configured(tmp_path: Path) -> None:
    for secure_setting, base_url in ((False, "https://testserver"), (True, "http://testserver")):
        # A database each: two data directories (two email keys) on one database is refused.
        settings = make_settings(tmp_path / str(secure_setting),
                                 sqlite_url(tmp_path, f"{secure_setting}.db"),
                                 console_secure_cookie=secure_setting)
        app = create_app(settings, scorer=KeywordScorer())
        with TestClient(app, base_url=base_url) as client:
            login_cookie = client.get("/console/login").headers["set-cookie"]
            assert "; secure" in login_cookie.lower()
            if base_url.startswith("https"):  # a client only sends Secure cookies back over https
                key = create_key(app.state.commentmod.store, site="blog", role=Role.MODERATOR)
                response = sign_in(client, key)
                assert response.status_code == 303
                cookies = response.headers.get_list("set-cookie")
                assert all("; secure" in c.lower() for c in cookies)


def test_a_tampered_expired_or_foreign_session_is_refused(console: Api) -> None:
    client = console.client
    cookie = client.cookies[SESSION_COOKIE]
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)
    assert client.get("/console", follow_redirects=False).status_code == 200
    client.cookies.set(SESSION_COOKIE, cookie[:-3] + ("xyz" if cookie[-3:] != "xyz" else "abc"))
    assert client.get("/console", follow_redirects=False).status_code == 303

    codec = SessionCodec(b"k" * 32, lifetime=60)
    issued = codec.issue("a" * 64, now=1000)
    assert codec.read(issued, now=1030) is not None
    assert codec.read(issued, now=1061) is None
    assert codec.read(issued, now=900) is None
    assert SessionCodec(b"j" * 32).read(issued, now=1030) is None
    assert codec.read("v1.garbage", now=1030) is None


def test_revoking_the_key_ends_its_sessions(console: Api) -> None:
    state = console.state
    record = state.store.find_api_key(hash_key(console.moderator_key))
    assert record is not None
    assert state.store.revoke_api_key(record.id)
    state.keys.ttl = 0  # skip the few seconds a key lookup is cached
    assert console.client.get("/console", follow_redirects=False).status_code == 303


def test_sign_out_needs_the_form_token(console: Api) -> None:
    client = console.client
    kept = client.post("/console/logout", data={"csrf": "forged"}, follow_redirects=False)
    assert kept.headers["location"] == "/console"
    assert client.get("/console").status_code == 200
    token = form_token(client.get("/console").text)
    out = client.post("/console/logout", data={"csrf": token}, follow_redirects=False)
    assert out.headers["location"] == "/console/login"
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_every_worker_derives_the_same_secret_from_the_email_key(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sqlite_url(tmp_path))
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "email.key").write_text("A" * 43 + "=\n")
    assert derive_secret(settings) == derive_secret(settings)
    configured = make_settings(tmp_path, sqlite_url(tmp_path), email_keys="B" * 43 + "=")
    assert derive_secret(configured) != derive_secret(settings)
    assert len(derive_secret(configured)) == 32


def test_pages_carry_a_strict_content_security_policy(console: Api) -> None:
    for path in ("/console", "/console/model", "/console/login"):
        headers = console.client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"


def test_static_files_are_a_whitelist(api: Api) -> None:
    css = api.client.get("/console/static/console.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    for name in ("..%2Froutes.py", ".hidden", "nope.js"):
        assert api.client.get(f"/console/static/{name}").status_code == 404
