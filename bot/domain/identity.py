"""Verifying that the person in the chat is the one on the company's records, and locking out guessers.

Pure: attempts and ``now`` in, decisions out."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MAX_FAILED_ATTEMPTS = 3
LOCK_DURATION = timedelta(minutes=30)


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"[\s·•.]", "", name).lower()


def phone_last4(text: str) -> str | None:
    digits = re.findall(r"\d", unicodedata.normalize("NFKC", text or ""))
    return "".join(digits[-4:]) if len(digits) >= 4 else None


def matches_record(given_name: str, given_last4: str, record_name: str, record_phone: str) -> bool:
    """Name and the last four digits of the phone on record must both match. Surname alone is not enough."""
    record_last4 = phone_last4(record_phone)
    return (
        bool(_clean_name(given_name))
        and _clean_name(given_name) == _clean_name(record_name)
        and record_last4 is not None
        and phone_last4(given_last4) == record_last4
    )


_NAME_FILLER = re.compile(r"^(我叫|我是|叫|姓名是?|名字是?|业主是?|登记的是|登记的名字是|是)|(的业主|业主|吧|啊|呀)$")
# Characters and words a Chinese personal name does not contain: what is left of "我不记得登记的名字了",
# "我是他老婆" or "你们自己查" after the filler goes.
_NOT_A_NAME = re.compile(
    r"[不没的了吗呢吧啊呀么谁哪我你您他她们这啥嘛哦嗯喂？?]|知道|记得|清楚|名字|姓名|登记|业主|什么|怎么|忘记|可以|房子|"
    r"电话|手机|号码|老婆|老公|儿子|女儿|爸爸|妈妈|父亲|母亲|家属|租户|物业|自己|问问|查查"
)
MAX_CJK_NAME_CHARS = 5  # 欧阳娜娜 is four; five leaves room for rarer compound names
MAX_OTHER_NAME_CHARS = 20  # 阿卜杜拉·买买提, Zhang Wei (spaces and dots removed)


def given_name(text: str) -> str | None:
    """The name in an answer like "我叫张伟" or "张伟"; None when the answer is not a person's name ("张",
    "1502", "我不记得登记的名字了", "我是他老婆")."""
    raw = unicodedata.normalize("NFKC", text or "").strip(" ，,。.!！")
    raw = _NAME_FILLER.sub("", _NAME_FILLER.sub("", raw).strip())
    if re.search(r"\d", raw) or _NOT_A_NAME.search(raw) or raw.startswith("姓"):
        return None
    name = _clean_name(raw)
    transliterated = bool(re.search(r"[A-Za-z·•]", raw))
    longest = MAX_OTHER_NAME_CHARS if transliterated else MAX_CJK_NAME_CHARS
    if not 2 <= len(name) <= longest:
        return None
    return name


def may_view_statement(role: str) -> bool:
    """Bills and arrears are shown to the verified owner only (family and tenants can still pay for them)."""
    return role == "owner"


@dataclass(frozen=True)
class Attempt:
    """One try. Rules sort by ``at`` stably, so pass tries with equal times in the order they happened."""

    at: datetime
    succeeded: bool


class LockScope(StrEnum):
    """What a binding lock covers: one conversation (whatever unit it tries), or one unit label (whoever tries)."""

    CONVERSATION = "conversation"
    UNIT = "unit"


@dataclass(frozen=True)
class BindingLock:
    scope: LockScope
    until: datetime


def locked_until(attempts: Iterable[Attempt], now: datetime) -> datetime | None:
    """After MAX_FAILED_ATTEMPTS failures in a row (a success resets), binding is locked for LOCK_DURATION
    from the last failure. Returns when the lock ends, or None when not locked."""
    streak: list[Attempt] = []
    for attempt in sorted(attempts, key=lambda a: a.at):
        if attempt.succeeded:
            streak = []
        else:
            streak.append(attempt)
            if len(streak) > MAX_FAILED_ATTEMPTS:
                streak = streak[-MAX_FAILED_ATTEMPTS:]
    if len(streak) < MAX_FAILED_ATTEMPTS:
        return None
    # Only failures inside the lock window count, so an old streak does not lock forever.
    recent = [a for a in streak if now - a.at < LOCK_DURATION]
    if len(recent) < MAX_FAILED_ATTEMPTS:
        return None
    end = streak[-1].at + LOCK_DURATION
    return end if end > now else None


def binding_lock(by_conversation: Iterable[Attempt], by_unit: Iterable[Attempt], now: datetime) -> BindingLock | None:
    """The same rule counted twice: over this conversation's tries (any unit), and over every try at this unit
    label (any conversation), so a guesser gains nothing by switching accounts. The unit's lock wins when both
    hold: it is the one the real owner has to be told about."""
    unit_end = locked_until(by_unit, now)
    if unit_end is not None:
        return BindingLock(LockScope.UNIT, unit_end)
    conversation_end = locked_until(by_conversation, now)
    return BindingLock(LockScope.CONVERSATION, conversation_end) if conversation_end is not None else None


def tries_left(by_conversation: Iterable[Attempt], by_unit: Iterable[Attempt], now: datetime) -> int:
    """Tries before a lock, counting whichever streak is nearer to it (for the mismatch reply)."""
    return max(0, MAX_FAILED_ATTEMPTS - max(_recent_failures_in_a_row(by_conversation, now),
                                            _recent_failures_in_a_row(by_unit, now)))


def _recent_failures_in_a_row(attempts: Iterable[Attempt], now: datetime) -> int:
    count = 0
    for attempt in reversed(sorted(attempts, key=lambda a: a.at)):  # newest first; ties keep their order
        if attempt.succeeded or now - attempt.at >= LOCK_DURATION:
            break
        count += 1
    return count
