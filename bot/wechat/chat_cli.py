"""``wuyebot chat``: play an owner's WeChat from the terminal against a running app (``make run``).

Each line you type is sent to the gateway as WeChat would send it (signed; encrypted in compatible or safe mode).
The passive reply is printed at once; replies that arrive later through the customer-service API are read back
from the fake WeChat API and printed as they come. Lines starting with ``:`` send other things:
``:subscribe``, ``:unsubscribe``, ``:image``, ``:voice <text>``, ``:click BALANCE``, ``:quit``.
"""

import sys
import time
import uuid

import httpx

from bot.config import Settings
from bot.wechat.envelope import read_reply
from bot.wechat.security import Credentials
from bot.wechat.simulate import owner_message

POLL_SECONDS = 6.0


def parse_line(line: str) -> tuple[str, str, str | None]:
    """(kind, text, event_key) for one typed line."""
    if not line.startswith(":"):
        return "text", line, None
    command, _, rest = line[1:].partition(" ")
    if command == "click":
        return "click", "", (rest.strip() or "BALANCE").upper()
    if command in ("subscribe", "unsubscribe", "image", "location", "voice"):
        return command, rest.strip(), None
    raise ValueError(f"unknown command :{command}")


def run(settings: Settings, openid: str | None, mode: str, lines=None, out=sys.stdout) -> int:
    wechat = settings.wechat
    if not wechat.uses_fake_api:
        print("wuyebot chat plays WeChat against the fake WeChat API; real credentials are configured.", file=out)
        return 2
    credentials = Credentials(wechat.token, wechat.app_id, wechat.encoding_aes_key, wechat.encrypted_only)
    base = f"http://{settings.app_host}:{settings.app_port}"
    openid = openid or f"oCLI{uuid.uuid4().hex[:12]}"
    print(f"You are {openid} ({mode} mode) at {base}{wechat.path}. Type a message; :quit to leave.", file=out)
    with httpx.Client(base_url=base, timeout=30) as client:
        seen = _latest_call_id(client, openid)
        for line in lines if lines is not None else _stdin():
            line = line.strip()
            if line in (":quit", ":q"):
                break
            try:
                kind, text, key = parse_line(line)
            except ValueError as error:
                print(error, file=out)
                continue
            simulated = owner_message(credentials, openid, kind, text, mode, event_key=key)
            try:
                response = client.post(wechat.path, params=simulated.query, content=simulated.body)
            except httpx.HTTPError as error:
                print(f"the app is not reachable at {base} ({error}); is `make run` running?", file=out)
                return 1
            if response.status_code != 200:
                print(f"[gateway {response.status_code}] {response.text}", file=out)
                continue
            reply = read_reply(credentials, response.text, simulated.encrypted)
            if reply and reply.get("Content"):
                print(f"小管家: {reply['Content']}", file=out)
            seen = _print_pushed(client, openid, seen, out)
    return 0


def _stdin():
    while True:
        try:
            yield input("业主> ")
        except EOFError:
            return


def _latest_call_id(client: httpx.Client, openid: str) -> int:
    calls = client.get("/_fakewechat/_fake/calls", params={"touser": openid}).json()
    return max((c["id"] for c in _as_list(calls)), default=0)


def _print_pushed(client: httpx.Client, openid: str, after: int, out) -> int:
    """Print customer-service messages for this owner that arrive within a few seconds."""
    deadline = time.monotonic() + POLL_SECONDS
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        calls = _as_list(client.get("/_fakewechat/_fake/calls", params={"touser": openid, "after_id": after}).json())
        for call in calls:
            after = max(after, call["id"])
            result, body = call.get("result") or {}, call.get("body") or {}
            if call["path"].endswith("message/custom/send") and result.get("errcode") == 0:
                print(f"小管家（客服消息）: {body.get('text', {}).get('content', '')}", file=out)
                quiet_since = time.monotonic()
        if time.monotonic() - quiet_since > 1.5:
            break
        time.sleep(0.3)
    return after


def _as_list(payload) -> list[dict]:
    return payload.get("calls", []) if isinstance(payload, dict) else payload
