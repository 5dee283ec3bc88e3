"""The moderator console: server-rendered pages at `/console` (see `routes`, `moderate`)."""

from fastapi import APIRouter

from service.console import moderate, routes
from service.console.routes import error_page

router = APIRouter()
router.include_router(routes.router)
router.include_router(moderate.router)

__all__ = ["error_page", "router"]
