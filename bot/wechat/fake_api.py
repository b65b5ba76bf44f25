"""A loopback fake of the WeChat Official Account API (127.0.0.1 only), shared by tests, the bench and the demo.

It serves the few endpoints wuyebot calls (token, 客服 send, template send, kfsession) with WeChat's token rules:
a new token invalidates all older ones except the previous one. Every call is recorded, and failures (an errcode, a
5xx or a slow answer) can be scheduled for the next N calls of a path, over HTTP (`/_fake/...`) or from Python.

Mounted in our app under ``/_fakewechat``; standalone: ``python -m bot.wechat.fake_api --port 8081``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import socket
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN_TTL_SECONDS = 7200
OK: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
INVALID_CREDENTIAL: dict[str, Any] = {"errcode": 40001, "errmsg": "invalid credential"}

# errmsg texts as WeChat words them, so logs from the fake read like production logs.
_ERRMSGS = {
    -1: "system error",
    40001: "invalid credential",
    40003: "invalid openid",
    40014: "invalid access_token",
    40037: "invalid template_id",
    42001: "access_token expired",
    43004: "require subscribe",
    43101: "user refuse to accept the msg",
    44002: "empty post data",
    45009: "reach max api daily quota limit",
    45015: "response out of time limit or subscription is canceled",
    45047: "out of send limit",
    47003: "argument invalid",
}


def normalize_path(path: str) -> str:
    """`/cgi-bin/message/custom/send`, `message/custom/send` → `message/custom/send` (how rules and filters match)."""
    path = path.strip("/")
    return path.removeprefix("cgi-bin/")


@dataclass(frozen=True)
class RecordedCall:
    id: int
    method: str
    path: str  # without the mount prefix, e.g. /cgi-bin/message/custom/send
    query: dict[str, str]
    body: Any
    touser: str | None
    time: float
    http_status: int
    result: Any  # the JSON returned (or None for an injected 5xx)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FailureRule:
    path: str  # normalized; "*" matches every API path
    errcode: int | None = None
    times: int | None = 1  # None: until reset
    delay_seconds: float = 0.0
    http_status: int = 200
    errmsg: str | None = None

    def matches(self, path: str) -> bool:
        return self.path in ("*", path)


@dataclass
class _Outcome:
    status: int
    payload: Any
    delay: float = 0.0


@dataclass
class FakeWeChat:
    """State of the fake; every public method takes the lock because uvicorn's thread and the test's thread share it."""

    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)
    _token_numbers: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)
    _msgids: itertools.count = field(default_factory=lambda: itertools.count(1000001), repr=False)
    _calls: list[RecordedCall] = field(default_factory=list)
    _rules: list[FailureRule] = field(default_factory=list)
    _valid_tokens: dict[str, deque[str]] = field(default_factory=dict)  # appid → last two tokens
    _kf_sessions: dict[str, tuple[str, int]] = field(default_factory=dict)  # openid → (kf_account, createtime)
    token_fetches: int = 0

    # --- control (Python side of /_fake/*) ---

    def calls(
        self, touser: str | None = None, after_id: int | None = None, path: str | None = None
    ) -> list[RecordedCall]:
        wanted = normalize_path(path) if path else None
        with self._lock:
            return [
                c
                for c in self._calls
                if (touser is None or c.touser == touser)
                and (after_id is None or c.id > after_id)
                and (wanted is None or normalize_path(c.path) == wanted)
            ]

    def fail_next(
        self,
        path: str,
        errcode: int | None = None,
        times: int | None = 1,
        delay_seconds: float = 0.0,
        http_status: int = 200,
        errmsg: str | None = None,
    ) -> None:
        """Make the next `times` calls of `path` fail (errcode None + http_status 5xx = a 5xx; delay = slow).

        `path` is like "message/custom/send", "token" or "customservice/kfsession/create" ("*" = any);
        `times=None` keeps failing until `reset()`. With errcode None and status 200 the call only gets slow."""
        rule = FailureRule(normalize_path(path) or "*", errcode, times, delay_seconds, http_status, errmsg)
        with self._lock:
            self._rules.append(rule)

    def reset(self) -> None:
        """Forget calls, pending failures and 客服 sessions. Issued tokens stay valid, so a long-lived client
        (the app's) is not charged a 40001 + refresh after every reset; use `invalidate_tokens` for that."""
        with self._lock:
            self._calls.clear()
            self._rules.clear()
            self._kf_sessions.clear()
            self.token_fetches = 0

    def invalidate_tokens(self) -> None:
        """Forget every issued token, as if another system refreshed them twice."""
        with self._lock:
            self._valid_tokens.clear()

    # --- the API itself ---

    def handle(self, method: str, path: str, query: dict[str, str], body: Any) -> _Outcome:
        with self._lock:
            outcome = self._dispatch(method, normalize_path(path), query, body)
            touser = _touser(query, body)
            recorded_query = {k: ("***" if k == "secret" else v) for k, v in query.items()}
            self._calls.append(
                RecordedCall(
                    next(self._ids), method, "/" + path.strip("/"), recorded_query, body, touser, time.time(),
                    outcome.status, outcome.payload,
                )
            )
            return outcome

    def _dispatch(self, method: str, path: str, query: dict[str, str], body: Any) -> _Outcome:
        rule = self._take_rule(path)
        if rule is not None and (rule.errcode is not None or rule.http_status != 200):
            if rule.errcode is None:
                return _Outcome(rule.http_status, None, rule.delay_seconds)
            errmsg = rule.errmsg or _ERRMSGS.get(rule.errcode, "fake error")
            return _Outcome(rule.http_status, {"errcode": rule.errcode, "errmsg": errmsg}, rule.delay_seconds)
        delay = rule.delay_seconds if rule else 0.0
        handler = _HANDLERS.get((method, path))
        if handler is None:
            return _Outcome(404, {"errcode": 404, "errmsg": f"fake: no endpoint {method} /{path}"}, delay)
        if path != "token" and not self._token_valid(query.get("access_token", "")):
            return _Outcome(200, dict(INVALID_CREDENTIAL), delay)
        return _Outcome(200, handler(self, query, body), delay)

    def _take_rule(self, path: str) -> FailureRule | None:
        for rule in self._rules:
            if rule.matches(path):
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                return rule
        return None

    def _token_valid(self, token: str) -> bool:
        return any(token in tokens for tokens in self._valid_tokens.values())

    def _issue_token(self, query: dict[str, str], _body: Any) -> dict[str, Any]:
        appid = query.get("appid")
        if not appid:
            return {"errcode": 41002, "errmsg": "appid missing"}
        if not query.get("secret"):
            return {"errcode": 41004, "errmsg": "appsecret missing"}
        self.token_fetches += 1
        token = f"FAKE-TOKEN-{next(self._token_numbers)}"
        # WeChat keeps the previous token valid for a while after a refresh; older ones die.
        self._valid_tokens.setdefault(appid, deque(maxlen=2)).append(token)
        return {"access_token": token, "expires_in": TOKEN_TTL_SECONDS}

    def _custom_send(self, _query: dict[str, str], body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or not body:
            return {"errcode": 44002, "errmsg": _ERRMSGS[44002]}
        if not body.get("touser"):
            return {"errcode": 40003, "errmsg": _ERRMSGS[40003]}
        return dict(OK)

    def _template_send(self, query: dict[str, str], body: Any) -> dict[str, Any]:
        result = self._custom_send(query, body)
        if result["errcode"] == 0 and not body.get("template_id"):
            return {"errcode": 40037, "errmsg": _ERRMSGS[40037]}
        if result["errcode"] == 0:
            result["msgid"] = next(self._msgids)
        return result

    def _kf_create(self, _query: dict[str, str], body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or not body.get("openid") or not body.get("kf_account"):
            return {"errcode": 47003, "errmsg": _ERRMSGS[47003]}
        self._kf_sessions[body["openid"]] = (body["kf_account"], int(time.time()))
        return dict(OK)

    def _kf_close(self, _query: dict[str, str], body: Any) -> dict[str, Any]:
        if not isinstance(body, dict) or not body.get("openid"):
            return {"errcode": 47003, "errmsg": _ERRMSGS[47003]}
        self._kf_sessions.pop(body["openid"], None)
        return dict(OK)

    def _kf_get(self, query: dict[str, str], _body: Any) -> dict[str, Any]:
        account, created = self._kf_sessions.get(query.get("openid", ""), ("", 0))
        return {**OK, "kf_account": account, "createtime": created}

    def kf_session(self, openid: str) -> str | None:
        """The 客服 account currently holding `openid`'s session, if any."""
        with self._lock:
            session = self._kf_sessions.get(openid)
            return session[0] if session else None


_HANDLERS = {
    ("GET", "token"): FakeWeChat._issue_token,
    ("POST", "message/custom/send"): FakeWeChat._custom_send,
    ("POST", "message/template/send"): FakeWeChat._template_send,
    ("POST", "customservice/kfsession/create"): FakeWeChat._kf_create,
    ("POST", "customservice/kfsession/close"): FakeWeChat._kf_close,
    ("GET", "customservice/kfsession/getsession"): FakeWeChat._kf_get,
}


def _touser(query: dict[str, str], body: Any) -> str | None:
    if isinstance(body, dict):
        return body.get("touser") or body.get("openid")
    return query.get("openid")


def _route_path(request: Request) -> str:
    # Starlette keeps the full path in scope["path"] and the mount prefix in root_path.
    path: str = request.scope["path"]
    root: str = request.scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


async def _api(request: Request) -> JSONResponse:
    fake: FakeWeChat = request.app.state.fake
    raw = await request.body()
    try:
        body = json.loads(raw.decode("utf-8")) if raw else None
    except ValueError:
        body = raw.decode("utf-8", "replace")  # WeChat would answer 47001; record what we got
    outcome = fake.handle(request.method, _route_path(request), dict(request.query_params), body)
    if outcome.delay:
        await asyncio.sleep(outcome.delay)
    if outcome.payload is None:
        return JSONResponse({"error": "fake server error"}, status_code=outcome.status)
    return JSONResponse(outcome.payload, status_code=outcome.status)


async def _list_calls(request: Request) -> JSONResponse:
    fake: FakeWeChat = request.app.state.fake
    q = request.query_params
    after = q.get("after_id")
    calls = fake.calls(touser=q.get("touser"), after_id=int(after) if after else None, path=q.get("path"))
    return JSONResponse([c.to_dict() for c in calls])


async def _add_failure(request: Request) -> JSONResponse:
    spec = await request.json()
    request.app.state.fake.fail_next(
        path=str(spec.get("path") or "*"),
        errcode=spec.get("errcode"),
        times=spec.get("times", 1),
        delay_seconds=float(spec.get("delay_seconds") or 0),
        http_status=int(spec.get("http_status") or 200),
        errmsg=spec.get("errmsg"),
    )
    return JSONResponse(OK)


async def _reset(request: Request) -> JSONResponse:
    request.app.state.fake.reset()
    return JSONResponse(OK)


def create_fake_wechat_app(fake: FakeWeChat | None = None) -> Starlette:
    routes = [
        Route("/_fake/calls", _list_calls, methods=["GET"]),
        Route("/_fake/failures", _add_failure, methods=["POST"]),
        Route("/_fake/reset", _reset, methods=["POST"]),
        # One catch-all so unknown endpoints are recorded too (a 404 there means our client called something new).
        Route("/{path:path}", _api, methods=["GET", "POST"]),
    ]
    app = Starlette(routes=routes)
    app.state.fake = fake or FakeWeChat()
    return app


class FakeWeChatServer:
    """Runs the fake with uvicorn on a free 127.0.0.1 port in a background thread (a context manager)."""

    def __init__(self, fake: FakeWeChat | None = None) -> None:
        self.app = create_fake_wechat_app(fake)
        self.fake: FakeWeChat = self.app.state.fake
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Binding here (not in uvicorn) means the port is known before start and cannot be taken meanwhile.
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True,
                                        name=f"fake-wechat-{self.port}")

    def start(self) -> FakeWeChatServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("fake WeChat server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._sock.close()

    def __enter__(self) -> FakeWeChatServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the loopback fake WeChat API.")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    uvicorn.run(create_fake_wechat_app(), host="127.0.0.1", port=args.port, log_level="info")


if __name__ == "__main__":
    main()
