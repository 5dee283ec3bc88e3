"""Bad input on purpose: never a 500, always problem+json."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers.factories import comment_body
from tests.service.conftest import Api

PROBLEM = "application/problem+json"


def _raw(
    api: Api, data: bytes, content_type: str = "application/json"
) -> tuple[int, str, dict[str, Any]]:
    response = api.client.post("/v1/comments", content=data, headers={
        **api.headers(api.site_key), "Content-Type": content_type})
    return response.status_code, response.headers["content-type"], response.json()


@pytest.mark.parametrize("data", [
    b"{not json", b"", b"[]", b"null", b'"a string"', b"\xff\xfe\x00garbage",
    json.dumps(comment_body()).encode()[:-5],
])
def test_broken_bodies_are_4xx_problems(api: Api, data: bytes) -> None:
    status, content_type, body = _raw(api, data)
    assert 400 <= status < 500
    assert content_type == PROBLEM
    assert "Traceback" not in json.dumps(body)


def test_invalid_utf8_inside_a_string_is_400(api: Api) -> None:
    data = json.dumps(comment_body(content="PLACEHOLDER")).encode().replace(
        b"PLACEHOLDER", b"caf\xc3\x28 bad")
    status, _content_type, body = _raw(api, data)
    assert status == 400
    assert body["type"].endswith("/malformed-json")


def test_wrong_types_name_the_field(api: Api) -> None:
    response = api.client.post("/v1/comments", json=comment_body(content=123, parent_id="x"),
                               headers=api.headers(api.site_key))
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"content", "parent_id"}


def test_body_over_one_mebibyte_is_413(api: Api) -> None:
    huge = json.dumps(comment_body(content="x" * (1_048_576 + 10))).encode()
    status, _content_type, body = _raw(api, huge)
    assert status == 413
    assert body["type"].endswith("/payload-too-large")


def test_chunked_body_over_the_limit_is_413(api: Api) -> None:
    def chunks() -> object:
        for _ in range(300):
            yield b"x" * 4096

    response = api.client.post("/v1/comments", content=chunks(),  # type: ignore[arg-type]
                               headers=api.headers(api.site_key))
    assert response.status_code == 413


@pytest.mark.parametrize("content", [
    "'); DROP TABLE comments;--",
    "Robert'); DELETE FROM api_keys WHERE ('1'='1",
    "emoji 👩🏽‍🚀🇺🇦 and combining e\u0301",
    "right-to-left: \u05e9\u05dc\u05d5\u05dd \u202eevil\u202c",
    "zero\u200bwidth\ufeff and a NUL-ish \u0001\u0002 control",
    "a" * 10_000,
])
def test_odd_text_is_stored_and_served_safely(api: Api, content: str) -> None:
    response = api.submit(content=content, post_id="odd")
    assert response.status_code in (201, 202)
    listed = api.get("/v1/posts/odd/comments").json()["comments"]
    if response.status_code == 201:
        stored = listed[0]["content"]
        assert "\u0001" not in stored
        assert stored.strip()
    assert api.get("/v1/posts/odd/comments").status_code == 200


def test_sql_looking_text_round_trips_exactly(api: Api) -> None:
    text = "x'; DROP TABLE comments; -- \" OR 1=1"
    api.submit(content=text, post_id="sql")
    assert api.get("/v1/posts/sql/comments").json()["comments"][0]["content"] == text


def test_lone_surrogate_in_json_is_not_a_500(api: Api) -> None:
    data = b'{"post_id":"p","author_name":"A","author_email":"a@example.org","content":"\\ud800x"}'
    status, content_type, _ = _raw(api, data)
    assert status in (201, 202, 400, 422)
    assert content_type in (PROBLEM, "application/json")


def test_unknown_route_and_method_are_problems(api: Api) -> None:
    missing = api.client.get("/v1/nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM
    wrong = api.client.put("/v1/comments")
    assert wrong.status_code == 405
    assert wrong.headers["content-type"] == PROBLEM


def test_deeply_nested_json_is_rejected_cleanly(api: Api) -> None:
    nested = b"[" * 5000 + b"]" * 5000
    status, content_type, _ = _raw(api, nested)
    assert 400 <= status < 500
    assert content_type == PROBLEM
