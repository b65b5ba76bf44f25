"""Web chat routes: the page, and a JSON endpoint that passes owner messages to Rasa.

Bad input never becomes an error page for the owner: an empty message gets a polite prompt, an overlong one is
cut, and when Rasa is away the owner gets a holding reply (503) instead of silence.
"""

import json
import re
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from bot.names import Intent
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.text_input import clean_owner_text

MAX_BODY_BYTES = 16 * 1024
_SENDER = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
HOLDING_REPLY = "小管家这会儿有点忙，没能及时回复您，非常抱歉🙏 请稍后再发一次；急事请拨打物业服务中心电话。"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def chat_page(request: Request) -> HTMLResponse:
    html = resources.files("bot.webchat").joinpath("static/index.html").read_text(encoding="utf-8")
    return HTMLResponse(html)


async def chat_api(request: Request) -> JSONResponse:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _error(413, f"message body over {MAX_BODY_BYTES} bytes")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _error(413, f"message body over {MAX_BODY_BYTES} bytes")
    try:
        payload = json.loads(body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(400, "body must be JSON: {\"sender\": \"...\", \"message\": \"...\"}")
    if not isinstance(payload, dict):
        return _error(400, "body must be a JSON object with sender and message")
    sender, message = payload.get("sender"), payload.get("message", "")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        return _error(400, "sender must be 1-64 letters, digits, '-' or '_'")
    if message is not None and not isinstance(message, str):
        return _error(400, "message must be a string")

    cleaned = clean_owner_text(message)
    text = f"/{Intent.EMPTY_MESSAGE}" if cleaned.is_empty else cleaned.text
    rasa: RasaClient = request.app.state.rasa
    try:
        replies = await rasa.send_message(sender, text)
    except RasaUnavailable:
        return JSONResponse({"replies": [{"text": HOLDING_REPLY}], "delivered": False}, status_code=503)
    return JSONResponse(
        {"replies": [{"text": r.text} for r in replies if r.text], "delivered": True, "truncated": cleaned.truncated}
    )


routes = [
    Route("/", chat_page, methods=["GET"]),
    Route("/api/chat", chat_api, methods=["POST"]),
]
