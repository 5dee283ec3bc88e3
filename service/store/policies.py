"""Site policies, versioned and append-only: a PUT adds version n+1, nothing is ever rewritten,
so each stored decision's `policy_version` keeps pointing at the policy that made it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.store.base import StoreBase, utc_now
from service.store.db import site_policies

LOCK_POLICY = 0x636D10


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    site: str
    version: int
    overrides: dict[str, Any]  # only the fields a moderator set; the rest follow the settings
    actor: str
    created_at: datetime


def _record(row: Any) -> PolicyRecord:
    return PolicyRecord(site=row["site"], version=int(row["version"]),
                        overrides=dict(row["overrides"] or {}), actor=row["actor"],
                        created_at=row["created_at"])


_CURRENT = (
    sa.select(site_policies)
    .where(site_policies.c.site == sa.bindparam("site"))
    .order_by(site_policies.c.version.desc())
    .limit(1)
)


class PolicyQueries(StoreBase):
    def site_policy(self, site: str) -> PolicyRecord | None:
        """The newest policy version of `site`; None while it follows the settings."""
        with self._tx() as conn:
            row = conn.execute(_CURRENT, {"site": site}).mappings().first()
        return None if row is None else _record(row)

    def put_site_policy(self, site: str, overrides: dict[str, Any], *, actor: str) -> PolicyRecord:
        """Add the next version of `site`'s policy. Two racing PUTs get two versions, in order."""
        with self._tx(write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k, hashtext(:v))"),
                             {"k": LOCK_POLICY, "v": site})
            latest = conn.scalar(
                sa.select(sa.func.max(site_policies.c.version)).where(site_policies.c.site == site)
            )
            values = {"site": site, "version": int(latest or 0) + 1, "overrides": overrides,
                      "actor": actor, "created_at": utc_now()}
            conn.execute(site_policies.insert().values(**values))
        return _record(values)
