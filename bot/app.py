"""The app: one ASGI application for everything owners and staff reach over HTTP.

Run with ``wuyebot serve`` (uvicorn). Nothing connects at import; clients are opened in the lifespan.
"""

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot import container
from bot.rasa_client import RasaClient
from bot.webchat.routes import routes as webchat_routes


async def healthz(request: Request) -> JSONResponse:
    rasa_ready = await request.app.state.rasa.is_ready()
    return JSONResponse({"app": "ok", "rasa": "ok" if rasa_ready else "down"}, status_code=200)


def create_app(rasa_client: RasaClient | None = None) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette):
        settings = container.get().settings
        client = rasa_client or RasaClient(
            settings.rasa_url, settings.rasa_token, timeout=settings.rasa_timeout_seconds
        )
        app.state.rasa = client
        try:
            yield
        finally:
            await client.aclose()

    return Starlette(routes=[Route("/healthz", healthz), *webchat_routes], lifespan=lifespan)
