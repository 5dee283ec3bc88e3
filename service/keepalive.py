"""Keep the connection after a 500.

Starlette's ServerErrorMiddleware sends the 500 (our `problems.on_crash` answer) and then
re-raises the exception so that the server can log it. uvicorn, seeing an exception after the
response started, closes the transport (`run_asgi` in uvicorn/protocols/http/*_impl.py): the
client's next request on that keep-alive connection, or a load balancer reusing it, gets a
reset. Once the response is complete the exception has been logged and answered, so this
outermost layer ends it there; the connection stays usable. An exception before the response
completed still reaches uvicorn, which then closes the connection as it must.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class KeepAliveAfterError:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        complete = False

        async def tracking_send(message: Message) -> None:
            nonlocal complete
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                complete = True

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not complete:
                raise


class ServiceApp(FastAPI):
    """FastAPI whose outermost layer (outside Starlette's error middleware) is
    `KeepAliveAfterError`."""

    def build_middleware_stack(self) -> ASGIApp:
        return KeepAliveAfterError(super().build_middleware_stack())
