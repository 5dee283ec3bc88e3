"""Akismet-format keys (12 lowercase hex, hashed, in `api_key` or the host name) and the account
endpoints WordPress's plugin calls: test, get-subscription, get-stats, key-sites, usage-limit.
Real SQLite store, the app over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.auth import hash_key
from service.bootstrap import create_key
from service.cli import main
from service.store.records import Role
from tests.helpers.scorers import KeywordScorer
from tests.helpers.stores import sqlite_url
from tests.service.conftest import Api, make_settings, start_api

BLOG = "https://blog.example.org/"
IP = "203.0.113.7"
HEX12 = re.compile(r"[0-9a-f]{12}")


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    settings = make_settings(tmp_path, sqlite_url(tmp_path))
    yield from start_api(settings, KeywordScorer())


@pytest.fixture
def key(api: Api) -> str:
    return create_key(api.state.store, site="blog.example.org", role=Role.SITE, akismet=True)


def test_akismet_keys_are_12_hex_and_stored_hashed(api: Api, key: str) -> None:
    assert HEX12.fullmatch(key)
    record = api.state.store.find_api_key(hash_key(key))
    assert record is not None
    assert record.site == "blog.example.org"
    assert record.prefix == key[:2]  # 48 bits: `apikey list` shows almost none of it
    listed = api.state.store.list_api_keys()
    assert all(key not in (r.prefix, str(r)) for r in listed)
    with pytest.raises(ValueError, match="site key"):
        create_key(api.state.store, site=None, role=Role.SITE, akismet=True)


def test_cli_creates_an_akismet_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COMMENTMOD_DATA_DIR", str(tmp_path))
    assert main(["apikey", "create", "--akismet", "--site", "blog.example.org"]) == 0
    assert HEX12.fullmatch(capsys.readouterr().out.strip().splitlines()[-1])
    assert main(["apikey", "create", "--akismet", "--role", "moderator", "--site", "b"]) == 2
    assert main(["apikey", "create", "--site", "b"]) == 2  # neither --role nor --akismet


@pytest.mark.parametrize("host", ["{key}.rest.akismet.com", "{upper}.REST.akismet.com",
                                  "{key}.moderation.example.net:8443"])
def test_the_key_may_arrive_as_the_host_name_prefix(api: Api, key: str, host: str) -> None:
    headers = {"Host": host.format(key=key, upper=key.upper())}
    verify = api.client.post("/1.1/verify-key", data={"blog": BLOG}, headers=headers)
    assert verify.text == "valid"
    data = {"blog": BLOG, "user_ip": IP, "comment_content": "casino-bonus"}
    assert api.client.post("/1.1/comment-check", data=data, headers=headers).text == "true"


def test_a_host_without_a_key_prefix_is_no_key(api: Api, key: str) -> None:
    data = {"blog": BLOG, "user_ip": IP, "comment_content": "Nice post."}
    for host in ("rest.akismet.com", f"{key}", f"{key[:-1]}g.rest.akismet.com"):
        response = api.client.post("/1.1/comment-check", data=data, headers={"Host": host})
        assert response.text == "invalid", host


def test_answers_carry_akismet_headers(api: Api, key: str) -> None:
    data = {"api_key": key, "blog": BLOG, "user_ip": IP}
    ham = api.client.post("/1.1/comment-check", data={**data, "comment_content": "Nice post."})
    assert ham.text == "false"
    assert re.fullmatch(r"[0-9a-f]{32}", ham.headers["X-akismet-guid"])
    held = api.client.post("/1.1/comment-check", data={**data, "comment_content": "You idiot."})
    assert (held.text, held.headers["X-akismet-error"]) == ("true", "held for moderation: "
                                                                    "model.abuse")
    bad = api.client.post("/1.1/comment-check", data={**data, "api_key": "0" * 12,
                                                      "comment_content": "Hi."})
    assert (bad.text, bad.headers["X-akismet-debug-help"]) == ("invalid", "Invalid key")


def test_connectivity_test_answers_connected(api: Api) -> None:
    assert api.client.get("/1.1/test").text == "connected"
    assert api.client.post("/1.1/test").text == "connected"


def test_get_subscription_is_active_for_a_live_key(api: Api, key: str) -> None:
    # WordPress sends both `key` and `api_key`.
    answer = api.client.post("/1.1/get-subscription",
                             data={"key": key, "api_key": key, "blog": BLOG})
    assert answer.json()["status"] == "active"
    assert answer.json()["account_name"] == "blog.example.org"
    invalid = api.client.post("/1.1/get-subscription", data={"key": "f" * 12, "blog": BLOG})
    assert invalid.text == "invalid"


def test_stats_count_checks_and_corrections_from_the_store(api: Api, key: str) -> None:
    data = {"api_key": key, "blog": BLOG, "user_ip": IP}
    for content in ("casino-bonus", "Nice post.", "Thanks!", "You idiot."):
        api.client.post("/1.1/comment-check", data={**data, "comment_content": content})
    api.client.post("/1.1/comment-check", data={**data, "comment_content": "x", "is_test": "1"})
    api.client.post("/1.1/submit-spam", data={**data, "comment_content": "Buy followers"})
    api.client.post("/1.1/submit-ham", data={**data, "comment_content": "casino-bonus review"})
    for interval in ("all", "6-months", "60-days"):
        stats = api.client.post("/1.1/get-stats", data={"key": key, "blog": BLOG,
                                                        "from": interval}).json()
        assert {k: stats[k] for k in ("spam", "ham", "held", "missed_spam",
                                      "false_positives")} == {
            "spam": 1, "ham": 2, "held": 1, "missed_spam": 1, "false_positives": 1}
        assert stats["accuracy"] == 50.0
    usage = api.client.get("/1.2/usage-limit", params={"api_key": key}).json()
    assert usage == {"limit": "none", "usage": 4, "percentage": "0.00", "throttled": False}
    sites = api.client.post("/1.2/key-sites", data={"api_key": key}).json()
    [month] = [name for name in sites if re.fullmatch(r"\d{4}-\d{2}", name)]
    assert sites[month] == [{"site": "blog.example.org", "api_calls": "4", "spam": "1",
                             "ham": "2", "missed_spam": "1", "false_positives": "1",
                             "is_revoked": False}]
    assert (sites["total"], sites["offset"]) == (1, 0)
    csv = api.client.get("/1.2/key-sites", params={"api_key": key, "format": "csv"}).text
    assert csv.splitlines()[2] == "blog.example.org,4,1,2,1,1,false"
    older = api.client.get("/1.2/key-sites", params={"api_key": key, "month": "2020-01"})
    assert older.json()["2020-01"][0]["api_calls"] == "0"


def test_other_sites_counts_stay_apart(api: Api, key: str) -> None:
    other = create_key(api.state.store, site="other.example.org", role=Role.SITE, akismet=True)
    api.client.post("/1.1/comment-check", data={"api_key": other, "blog": "https://other.example.org",
                                                "user_ip": IP, "comment_content": "casino-bonus"})
    stats = api.client.post("/1.1/get-stats", data={"key": key, "blog": BLOG}).json()
    assert (stats["spam"], stats["ham"]) == (0, 0)


def test_a_rate_limited_key_gets_an_alert_for_the_admin(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, sqlite_url(tmp_path), rate_limit_per_minute=1)
    for api in start_api(settings, KeywordScorer()):
        key = create_key(api.state.store, site="blog.example.org", role=Role.SITE, akismet=True)
        data = {"api_key": key, "blog": BLOG, "user_ip": IP, "comment_content": "Hello."}
        assert api.client.post("/1.1/comment-check", data=data).text == "false"
        limited = api.client.post("/1.1/comment-check", data=data)
        assert limited.status_code == 429
        assert limited.headers["X-akismet-alert-code"] == "10429"
        assert "rate limit" in limited.headers["X-akismet-alert-msg"]
