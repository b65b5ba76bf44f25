"""An ASGI guard: the fake WeChat API answers loopback clients only.

Its record holds every message sent to owners (balances included); when only WECHAT_TOKEN is set the app may face
the internet while outbound calls still go to the fake, so nobody else may read it.
"""

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})


class LoopbackOnly:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and (client is None or client[0] not in LOOPBACK):
            await PlainTextResponse("the fake WeChat API answers loopback clients only", status_code=403)(
                scope, receive, send)
            return
        await self.app(scope, receive, send)
