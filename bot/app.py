"""The app: one ASGI application for everything owners and staff reach over HTTP.

Run with ``wuyebot serve`` (uvicorn). Nothing connects at import; clients are opened in the lifespan:
the Rasa client, Redis (if REDIS_URL is set), the WeChat gateway and its retrier. With no WeChat credentials the
loopback fake WeChat API is mounted at ``/_fakewechat`` and the simulator at ``/simulator`` (both answer loopback
clients only). The web chat (``/``, ``/api/chat``) is mounted when enabled (settings.webchat_enabled).
"""

import asyncio
import contextlib
from contextlib import asynccontextmanager
from datetime import timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from bot import container
from bot.infra.dedup import MemoryDedup, RedisDedup
from bot.infra.locks import KeyedLocks
from bot.infra.redis_client import make_redis
from bot.infra.secret_key import secret_key
from bot.rasa_client import RasaClient
from bot.webchat.routes import WebChatCookie
from bot.webchat.routes import routes as webchat_routes
from bot.wechat import retrier
from bot.wechat.bot import WeChatBot
from bot.wechat.client import WeChatApi, make_client, make_token_storage
from bot.wechat.delivery import Delivery
from bot.wechat.fake_api import FakeWeChat, create_fake_wechat_app
from bot.wechat.gateway import Gateway
from bot.wechat.gateway import routes as gateway_routes
from bot.wechat.loopback_only import LoopbackOnly
from bot.wechat.security import Credentials
from bot.wechat.simulator import routes as simulator_routes

FAKE_WECHAT_PREFIX = "/_fakewechat"
# An inbox message still "received" after this long was interrupted (a crash): the retrier takes it.
STALE_AFTER = timedelta(minutes=2)


async def healthz(request: Request) -> JSONResponse:
    rasa_ready = await request.app.state.rasa.is_ready()
    return JSONResponse({"app": "ok", "rasa": "ok" if rasa_ready else "down"}, status_code=200)


def create_app(rasa_client: RasaClient | None = None, wechat_api: WeChatApi | None = None,
               fake_wechat: FakeWeChat | None = None, run_retrier: bool = True) -> Starlette:
    settings = container.get().settings
    wechat = settings.wechat
    mounted_fake = create_fake_wechat_app() if wechat.uses_fake_api and fake_wechat is None else None

    @asynccontextmanager
    async def lifespan(app: Starlette):
        services = container.get()
        rasa = rasa_client or RasaClient(settings.rasa_url, settings.rasa_token, timeout=settings.rasa_timeout_seconds)
        redis = make_redis(settings.redis_url) if settings.redis_url else None
        api = wechat_api or WeChatApi(
            make_client(wechat.app_id, wechat.app_secret or "fake-secret", make_token_storage(settings.redis_url),
                        wechat.api_base),
            redis_url=settings.redis_url)
        wechat_log = services.wechat_log
        gateway = Gateway(
            Credentials(wechat.token, wechat.app_id, wechat.encoding_aes_key, wechat.encrypted_only),
            WeChatBot(rasa, wechat_log, services.handoffs, services.grievances,
                      timedelta(minutes=wechat.handoff_wait_minutes)),
            Delivery(api, wechat_log, wechat.notice_template_id), wechat_log,
            RedisDedup(redis) if redis else MemoryDedup(), KeyedLocks(redis),
            reply_budget_seconds=wechat.reply_budget_seconds,
            timestamp_window=timedelta(seconds=wechat.timestamp_window_seconds),
            max_body_bytes=wechat.max_body_bytes, dedup_ttl_seconds=wechat.dedup_ttl_seconds, clock=services.clock)
        app.state.rasa, app.state.gateway, app.state.wechat_settings = rasa, gateway, wechat
        app.state.fake_wechat = fake_wechat or (mounted_fake.state.fake if mounted_fake else None)
        retrying = (asyncio.create_task(retrier.run_forever(gateway, wechat_log, wechat.retry_interval_seconds,
                                                            STALE_AFTER)) if run_retrier else None)
        try:
            yield
        finally:
            if retrying:
                retrying.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await retrying
            await gateway.drain()
            await rasa.aclose()
            if redis is not None:
                await redis.aclose()

    routes = [Route("/healthz", healthz), *gateway_routes(wechat.path), *simulator_routes]
    if settings.webchat_enabled:
        routes += webchat_routes
    if mounted_fake is not None:
        routes.append(Mount(FAKE_WECHAT_PREFIX, app=LoopbackOnly(mounted_fake)))
    app = Starlette(routes=routes, lifespan=lifespan)
    if settings.webchat_enabled:
        app.state.webchat_cookie = WebChatCookie(secret_key(settings.secret_key, settings.var_dir))
    return app
