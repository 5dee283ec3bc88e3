from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from service.store import Role, SqlStore


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def test_api_key_lifecycle(store: SqlStore) -> None:
    assert store.count_api_keys() == 0
    site_key = store.create_api_key(
        key_hash=_hash("cm_site"), prefix="cm_site", site="blog", role=Role.SITE
    )
    moderator = store.create_api_key(
        key_hash=_hash("cm_mod"), prefix="cm_mod", site=None, role=Role.MODERATOR
    )
    assert (site_key.site, site_key.role, site_key.revoked_at) == ("blog", Role.SITE, None)
    assert moderator.site is None
    assert store.find_api_key(_hash("cm_site")) == site_key
    assert store.find_api_key(_hash("unknown")) is None
    assert store.list_api_keys() == [site_key, moderator]
    assert store.count_api_keys() == 2

    assert store.revoke_api_key(site_key.id) is True
    assert store.revoke_api_key(site_key.id) is False
    assert store.revoke_api_key(9999) is False
    assert store.find_api_key(_hash("cm_site")) is None
    [revoked, _] = store.list_api_keys()
    assert revoked.revoked_at is not None
    assert revoked.revoked_at.tzinfo is not None
    assert store.count_api_keys() == 2
    assert store.count_api_keys(active_only=True) == 1


def test_last_use_is_recorded(store: SqlStore) -> None:
    key = store.create_api_key(key_hash=_hash("k"), prefix="k", site="blog", role=Role.SITE)
    assert key.last_used_at is None
    when = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    store.touch_api_key(key.id, now=when)
    assert store.list_api_keys()[0].last_used_at == when


def test_a_key_hash_is_unique(store: SqlStore) -> None:
    store.create_api_key(key_hash=_hash("k"), prefix="k", site="blog", role=Role.SITE)
    with pytest.raises(ValueError):
        store.create_api_key(key_hash=_hash("k"), prefix="k", site="x", role=Role.SITE)
