"""Rasa's HTTP API, as the app uses it: the REST channel and the server's health.

One adapter for one external service. The Rasa server lives in its own Python 3.10 environment; nothing in the
app imports Rasa.
"""

from dataclasses import dataclass
from typing import Any

import httpx

from bot.infra.internal_auth import bearer_header


class RasaUnavailable(Exception):
    """Rasa did not answer (down, loading a model, too slow, or a 5xx)."""


class RasaRefused(RasaUnavailable):
    """Rasa answered 401/403: the caller's RASA_TOKEN is missing or not Rasa's (a configuration error)."""


@dataclass(frozen=True)
class BotReply:
    text: str | None = None
    image: str | None = None
    custom: dict[str, Any] | None = None


class RasaClient:
    def __init__(self, base_url: str, token: str | None = None, timeout: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        # Rasa's HTTP API takes its token as ?token=; the REST channel (bot.rasa_channel) as a bearer header.
        self._params = {"token": token} if token else {}
        self._channel_headers = bearer_header(token) if token else {}
        self._http = httpx.AsyncClient(base_url=self._base_url, timeout=timeout, transport=transport)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send_message(self, conversation_id: str, text: str) -> list[BotReply]:
        """Send one message of a conversation (bot.domain.conversation) through the REST channel; the bot's
        replies in order."""
        try:
            response = await self._http.post(
                "/webhooks/rest/webhook", json={"sender": conversation_id, "message": text},
                headers=self._channel_headers,
            )
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa at {self._base_url} did not answer: {error!r}") from error
        if response.status_code >= 500 or response.status_code in (404, 503):
            raise RasaUnavailable(f"Rasa at {self._base_url} answered {response.status_code}")
        response.raise_for_status()
        return [
            BotReply(text=item.get("text"), image=item.get("image"), custom=item.get("custom"))
            for item in response.json()
        ]

    async def parse(self, text: str) -> dict[str, Any]:
        """Rasa's NLU reading of ``text`` (intent, ranking, entities), without touching any conversation. An HTTP
        API call, so the token goes as ``?token=`` (Rasa's ``--auth-token``)."""
        try:
            response = await self._http.post("/model/parse", json={"text": text}, params=self._params)
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa at {self._base_url} did not answer: {error!r}") from error
        if response.status_code in (401, 403):
            raise RasaRefused(f"Rasa at {self._base_url} refused the parse ({response.status_code}): is RASA_TOKEN "
                              "set to Rasa's --auth-token?")
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa at {self._base_url} answered {response.status_code} to a parse")
        return response.json()

    async def is_ready(self) -> bool:
        """True once the server answers and has a model loaded."""
        try:
            response = await self._http.get("/status", params=self._params)
        except httpx.HTTPError:
            return False
        if response.status_code != 200:
            return False
        return bool(response.json().get("model_file"))
