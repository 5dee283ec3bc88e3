"""The moderator console: server-rendered pages at `/console` (see `routes`, `moderate`)."""

from fastapi import APIRouter

from service.console import moderate, routes

router = APIRouter()
router.include_router(routes.router)
router.include_router(moderate.router)

__all__ = ["router"]
