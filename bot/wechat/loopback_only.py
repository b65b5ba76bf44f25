"""An ASGI guard: the fake WeChat API (and the simulator) answer loopback clients only.

Its record holds every message sent to owners (balances included); when only WECHAT_TOKEN is set the app may face
the internet while outbound calls still go to the fake, so nobody else may read it. The client address is the
socket's peer: uvicorn rewrites it from X-Forwarded-For only for proxies named in FORWARDED_ALLOW_IPS (default:
none, see bot.cli), so a forged header cannot make a remote client look local.
"""

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = frozenset({"127.0.0.1", "::1", "testclient"})


def is_loopback_peer(scope: Scope) -> bool:
    client = scope.get("client")
    return client is not None and client[0] in LOOPBACK


class LoopbackOnly:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_loopback_peer(scope):
            await PlainTextResponse("the fake WeChat API answers loopback clients only", status_code=403)(
                scope, receive, send)
            return
        await self.app(scope, receive, send)
