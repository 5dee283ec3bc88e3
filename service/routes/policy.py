"""`GET/PUT /v1/sites/{site}/policy`: a site's own policy, set by that site's moderators (or
installation-wide ones). The environment's settings are the defaults of every field."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from starlette.concurrency import run_in_threadpool

from service.auth import Principal
from service.deps import ModeratorDep, StateDep
from service.errors import Forbidden
from service.site_policy import POLICY_FIELDS, SitePolicyOut

router = APIRouter(prefix="/v1/sites", tags=["policy"])
# No control characters: a site name is an identifier, and PostgreSQL refuses NUL in text.
SitePath = Annotated[str, Path(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f]+$")]


def _check(moderator: Principal, site: str) -> None:
    if moderator.scope() not in (None, site):
        raise Forbidden("this moderator key belongs to another site")


@router.get("/{site}/policy")
async def get_policy(site: SitePath, moderator: ModeratorDep, state: StateDep) -> SitePolicyOut:
    """The site's policy now: every field's value, which of them the site set, and the version."""
    _check(moderator, site)
    found = await run_in_threadpool(state.policies.get, site)
    return found.out(site)


@router.put(
    "/{site}/policy",
    description="Set the site's policy. The body holds any of: " + ", ".join(POLICY_FIELDS)
    + "; a field left out (or null) follows the settings. Each PUT is a new version; decisions "
    "already stored keep the version that made them.",
)
async def put_policy(
    site: SitePath, moderator: ModeratorDep, state: StateDep,
    body: Annotated[dict[str, Any], Body()],
) -> SitePolicyOut:
    _check(moderator, site)
    found = await run_in_threadpool(state.policies.put, site, body, actor=moderator.actor)
    return found.out(site)
