"""Web chat routes: the page, and a JSON endpoint that passes messages to Rasa.

The web chat is a demo channel. Who is chatting comes from a random id the app draws itself and keeps in a
signed, HttpOnly, SameSite cookie (never from the request body), so its conversations are ``web:<random>`` and can
never address a WeChat owner's conversation, bindings or bills; binding from it is refused (bot.actions.account).
Mounted on the embedded default; off when WeChat credentials are set unless WEBCHAT_ENABLED=1 (bot.app).

Bad input never becomes an error page for the visitor: an empty message gets a polite prompt, an overlong one is
cut, and when Rasa is away the visitor gets a holding reply (503) instead of silence.
"""

import json
from dataclasses import dataclass
from importlib import resources

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from bot.domain import conversation
from bot.domain.conversation import Channel
from bot.names import Intent
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.text_input import clean_owner_text

MAX_BODY_BYTES = 16 * 1024
HOLDING_REPLY = "小管家这会儿有点忙，没能及时回复您，非常抱歉🙏 请稍后再发一次；急事请拨打物业服务中心电话。"
COOKIE = "wuyebot_chat"
COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class WebChatCookie:
    """Signs and reads the web-chat cookie (itsdangerous, with a timestamp so old cookies expire)."""

    secret_key: str

    @property
    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret_key, salt="wuyebot.webchat.conversation")

    def conversation_of(self, request: Request) -> str | None:
        value = request.cookies.get(COOKIE)
        if not value:
            return None
        try:
            conversation_id = self._serializer.loads(value, max_age=COOKIE_MAX_AGE_SECONDS)
        except BadSignature:  # forged, altered or expired: a new visitor
            return None
        try:
            parsed = conversation.parse(conversation_id)
        except conversation.InvalidConversationId:
            return None
        return conversation_id if parsed.channel is Channel.WEB else None

    def set_on(self, response: Response, request: Request, conversation_id: str) -> None:
        response.set_cookie(COOKIE, self._serializer.dumps(conversation_id), max_age=COOKIE_MAX_AGE_SECONDS,
                            httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def chat_page(request: Request) -> HTMLResponse:
    html = resources.files("bot.webchat").joinpath("static/index.html").read_text(encoding="utf-8")
    return HTMLResponse(html)


async def chat_api(request: Request) -> Response:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _error(413, f"message body over {MAX_BODY_BYTES} bytes")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _error(413, f"message body over {MAX_BODY_BYTES} bytes")
    try:
        payload = json.loads(body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(400, "body must be JSON: {\"message\": \"...\"}")
    if not isinstance(payload, dict):
        return _error(400, "body must be a JSON object with a message")
    if "sender" in payload:
        # The conversation is the cookie's; a sender in the body was how anyone could speak as anyone.
        return _error(400, "no \"sender\": the web chat knows who you are from its cookie")
    message = payload.get("message", "")
    if message is not None and not isinstance(message, str):
        return _error(400, "message must be a string")

    cookie: WebChatCookie = request.app.state.webchat_cookie
    conversation_id = cookie.conversation_of(request)
    new_visitor = conversation_id is None
    conversation_id = conversation_id or conversation.new_web()

    cleaned = clean_owner_text(message)
    text = f"/{Intent.EMPTY_MESSAGE}" if cleaned.is_empty else cleaned.text
    rasa: RasaClient = request.app.state.rasa
    try:
        replies = await rasa.send_message(conversation_id, text)
        response = JSONResponse({"replies": [{"text": r.text} for r in replies if r.text], "delivered": True,
                                 "truncated": cleaned.truncated})
    except RasaUnavailable:
        response = JSONResponse({"replies": [{"text": HOLDING_REPLY}], "delivered": False}, status_code=503)
    if new_visitor:
        cookie.set_on(response, request, conversation_id)
    return response


routes = [
    Route("/", chat_page, methods=["GET"]),
    Route("/api/chat", chat_api, methods=["POST"]),
]
