"""The WeChat simulator in the app (embedded default only): a page that plays an owner's WeChat.

The page sends through ``/simulator/api/send``, which builds the signed (optionally encrypted) XML exactly as WeChat
does and posts it to the real gateway; replies that arrive later through the customer-service API are read back
from the fake WeChat API's record (``/simulator/api/messages``). Disabled as soon as any WeChat credential is set.
"""

import json
from importlib import resources

import httpx
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from bot.domain.conversation import is_valid_openid
from bot.wechat.envelope import read_reply
from bot.wechat.loopback_only import is_loopback_peer
from bot.wechat.simulate import owner_message

KINDS = ("text", "voice", "image", "location", "subscribe", "unsubscribe", "click")
MODES = ("plain", "compatible", "safe")


def _enabled(request: Request) -> bool:
    # It signs with the server's token on behalf of whoever calls it: only with the development identity, and
    # only for a visitor on this machine (like the fake API whose record it reads).
    settings = getattr(request.app.state, "wechat_settings", None)
    return (getattr(request.app.state, "fake_wechat", None) is not None and bool(settings and settings.is_development)
            and is_loopback_peer(request.scope))


async def page(request: Request) -> Response:
    if not _enabled(request):
        return Response("the simulator is off: WeChat credentials are configured", status_code=404)
    settings = request.app.state.wechat_settings
    html = resources.files("bot.wechat").joinpath("static/simulator.html").read_text(encoding="utf-8")
    html = html.replace("{{TOKEN}}", settings.token).replace("{{APP_ID}}", settings.app_id)
    return HTMLResponse(html.replace("{{PATH}}", settings.path))


async def send(request: Request) -> Response:
    if not _enabled(request):
        return JSONResponse({"error": "simulator off"}, status_code=404)
    try:
        payload = json.loads(await request.body() or b"null")
        openid, kind = str(payload["openid"]), payload.get("kind", "text")
        mode, text = payload.get("mode", "plain"), str(payload.get("text", ""))[:3000]
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"error": "body must be JSON with openid, kind, text, mode"}, status_code=400)
    if kind not in KINDS or mode not in MODES:
        return JSONResponse({"error": f"kind must be one of {KINDS}, mode one of {MODES}"}, status_code=400)
    if not is_valid_openid(openid):
        return JSONResponse({"error": "openid must be 1-64 letters, digits, '-' or '_'"}, status_code=400)
    gateway = request.app.state.gateway
    simulated = owner_message(gateway.credentials, openid, kind, text, mode, event_key=payload.get("event_key"))
    path = request.app.state.wechat_settings.path
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=request.app), base_url="http://simulator",
                                 timeout=30) as client:
        response = await client.post(path, params=simulated.query, content=simulated.body)
    reply = None
    if response.status_code == 200:
        parsed = read_reply(gateway.credentials, response.text, simulated.encrypted)
        reply = parsed.get("Content") if parsed else None
    return JSONResponse({"status": response.status_code, "passive": reply, "raw": response.text[:2000]})


async def messages(request: Request) -> Response:
    """What reached this owner through the (fake) WeChat API: customer-service and template messages."""
    fake = getattr(request.app.state, "fake_wechat", None)
    if fake is None or not _enabled(request):
        return JSONResponse({"error": "simulator off"}, status_code=404)
    openid = request.query_params.get("openid", "")
    after = int(request.query_params.get("after_id", "0") or 0)
    found = []
    for call in fake.calls(touser=openid, after_id=after):
        if not isinstance(call.result, dict) or call.result.get("errcode") != 0:
            continue  # refused by the (fake) platform: the owner never saw it
        body = call.body if isinstance(call.body, dict) else {}
        if call.path.endswith("message/custom/send"):
            found.append({"id": call.id, "kind": "客服消息", "text": (body.get("text") or {}).get("content", "")})
        elif call.path.endswith("message/template/send"):
            found.append({"id": call.id, "kind": "模板消息", "text": json.dumps(body.get("data"), ensure_ascii=False)})
    return JSONResponse({"messages": found})


routes = [
    Route("/simulator", page, methods=["GET"]),
    Route("/simulator/api/send", send, methods=["POST"]),
    Route("/simulator/api/messages", messages, methods=["GET"]),
]
