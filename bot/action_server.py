"""The action server: rasa-sdk 3.21 serving ``bot.actions``, behind a shared secret (``wuyebot actions``).

rasa-sdk 3.21 has no authentication of its own (no token option), and its ``/webhook`` runs any action for any
sender id with whatever tracker it is sent, so anyone reaching it could read any owner's bills. Here every call but
``/health`` must carry ``Authorization: Bearer <ACTION_SERVER_TOKEN>``; Rasa sends it (the action endpoint's
``headers`` in endpoints.yml, written by bot.devtools.stack for ``wuyebot run``). Without a token the server only
starts on loopback. Otherwise this is rasa-sdk's own server (its app factory, run the way ``python -m rasa_sdk``
runs it).
"""

import argparse
import logging
from functools import partial

from sanic import Sanic, response
from sanic.request import Request
from sanic.worker.loader import AppLoader

from bot.infra.internal_auth import bearer_matches, exposure_problem

TOKEN_ENV = "ACTION_SERVER_TOKEN"
ACTIONS_PACKAGE = "bot.actions"
OPEN_PATHS = frozenset({"/health"})  # says "ok" and nothing else

log = logging.getLogger(__name__)


def build_app(actions_package: str, token: str | None) -> Sanic:
    """rasa-sdk's app with the token check in front; module-level so Sanic's workers can rebuild it."""
    from rasa_sdk.endpoint import create_app_for_serve
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package(actions_package)
    app = create_app_for_serve(executor, cors_origins=None)  # only Rasa calls it: no browser, no CORS
    if token:
        async def authenticate(request: Request):
            if request.path in OPEN_PATHS:
                return None
            if not bearer_matches(request.headers.get("authorization"), token):
                return response.json({"error": f"the action server needs Authorization: Bearer <{TOKEN_ENV}>"},
                                     status=401)
            return None

        app.on_request(authenticate, priority=100)  # before rasa-sdk's own middleware
    return app


def serve(host: str, port: int, token: str | None, actions_package: str = ACTIONS_PACKAGE) -> None:
    problem = exposure_problem("The action server", host, token, TOKEN_ENV)
    if problem:
        raise SystemExit(f"refusing to start: {problem}")
    from rasa_sdk import utils

    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    loader = AppLoader(factory=partial(build_app, actions_package, token))
    app = loader.load()
    log.info("action server on http://%s:%s (%s)", host, port, "token required" if token else "loopback, no token")
    app.prepare(host=host, port=port, workers=1)
    Sanic.serve(primary=app, app_loader=loader)


def main(argv: list[str] | None = None) -> int:
    from bot.config import load_settings

    settings = load_settings()
    parser = argparse.ArgumentParser(prog="python -m bot.action_server")
    parser.add_argument("--host", default=settings.action_server_host)
    parser.add_argument("--port", type=int, default=settings.action_server_port)
    args = parser.parse_args(argv)
    serve(args.host, args.port, settings.action_server_token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
