"""The moderator console: server-rendered pages at `/console` (see `routes`)."""

from service.console.routes import router

__all__ = ["router"]
