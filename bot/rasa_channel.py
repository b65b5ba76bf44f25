"""The REST channel the app talks to Rasa through, with a shared secret. Loaded BY RASA (credentials.yml).

This module runs inside the Rasa server (``.venv-rasa``, Python 3.10), not in the app: Rasa puts its working
directory (the project root) on ``sys.path`` and imports the class named in credentials.yml. So it imports only
the standard library, Rasa and Sanic, never the rest of ``bot``.

Why: Rasa's ``--auth-token`` protects its HTTP API (trackers, which hold the conversation) but not channel
webhooks, so Rasa's own ``rest`` channel lets anyone who reaches the port speak as any conversation id. This
channel is Rasa's REST channel (same URL, ``/webhooks/rest/webhook``, same replies) that also requires
``Authorization: Bearer <RASA_TOKEN>`` when RASA_TOKEN is set in Rasa's environment.

It also refuses to let Rasa start on an interface other than loopback unless the channel has a token and the
HTTP API (when enabled) has ``--auth-token`` or a JWT secret: nothing reads or speaks as an owner without one.
"""

import argparse
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.request import Request

from bot.infra.internal_auth import bearer_matches, exposure_problem, is_loopback

logger = logging.getLogger(__name__)

TOKEN_ENV = "RASA_TOKEN"


def api_exposure_problem(host: str | None, argv) -> str | None:
    """Rasa's HTTP API (``--enable-api``) on a non-loopback interface needs ``--auth-token`` or a JWT secret.
    The API's token lives inside Rasa's server code, out of a channel's reach: read what ``rasa run`` was given."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--enable-api", action="store_true")
    parser.add_argument("--auth-token", "-t")
    parser.add_argument("--jwt-secret")
    known, _ = parser.parse_known_args(argv)
    if is_loopback(host) or not known.enable_api or known.auth_token or known.jwt_secret:
        return None
    return f"Rasa's HTTP API would listen on {host} without --auth-token (or a JWT secret)"


class AuthenticatedRestInput(RestInput):
    """Rasa's REST channel behind a shared secret (``Authorization: Bearer <RASA_TOKEN>``)."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "AuthenticatedRestInput":
        return cls(os.environ.get(TOKEN_ENV) or None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        token = self.token

        @webhook.middleware("request")
        async def authenticate(request: Request) -> response.HTTPResponse | None:
            if token is None or request.method != "POST":
                return None  # the health check (GET) stays open; it says nothing about anyone
            if not bearer_matches(request.headers.get("authorization"), token):
                return response.json({"error": "the REST channel needs Authorization: Bearer <RASA_TOKEN>"},
                                     status=401)
            return None

        @webhook.listener("before_server_start")
        async def refuse_exposure(app: Sanic, _loop) -> None:
            host = app.state.host
            problem = (exposure_problem("Rasa's REST channel", host, token, TOKEN_ENV)
                       or api_exposure_problem(host, sys.argv[1:]))
            if problem:
                logger.error("refusing to start: %s", problem)
                raise RuntimeError(f"refusing to start: {problem}")

        return webhook
