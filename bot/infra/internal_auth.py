"""Shared secrets between our own processes: the app → Rasa's REST channel, Rasa → the action server.

Standard library only and Python 3.10-compatible: the Rasa server imports this too (bot.rasa_channel).
An internal service may listen on loopback without a token (the embedded default); on any other interface it
refuses to start without one, since anyone who reaches it could read or speak as any owner.
"""

import hmac
import ipaddress


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bearer_header(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def bearer_matches(header: str | None, token: str) -> bool:
    """``Authorization: Bearer <token>``, compared in constant time."""
    scheme, _, value = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


def exposure_problem(service: str, host: str | None, token: str | None, token_name: str) -> str | None:
    """Why ``service`` must not start on ``host`` (None: it may)."""
    if is_loopback(host) or token:
        return None
    where = host or "every interface"
    return f"{service} would listen on {where} without a token: set {token_name}, or listen on 127.0.0.1"
