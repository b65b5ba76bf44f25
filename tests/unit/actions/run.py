"""Run an action or a form validator the way the action server does, and collect what it said."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from tests.support import load_domain

DOMAIN = load_domain()


def run_action(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


def response_names(messages):
    return [m.get("response") for m in messages]


def asked(slot):
    """The events of the bot asking for ``slot`` (what a form's question leaves in the tracker)."""
    return [{"event": "slot", "name": "requested_slot", "value": slot},
            {"event": "bot", "text": "?", "metadata": {"utter_action": f"utter_ask_{slot}"}}]


def form_turn(form, text, intent, requested=None, slots=None, candidates=None, history=None, sender="wx:oOwner1",
              confidence=0.9, entities=None):
    """Run a form's validator the way Rasa does after the owner said ``text``: the history, the owner's message,
    the form's run, then the slot candidates the mappings extracted (the reply itself for the requested slot)."""
    from tests.support import action_event, make_tracker, user_event

    candidates = dict(candidates or ({requested: text} if requested else {}))
    message = user_event(text, intent, entities)
    message["parse_data"]["intent"]["confidence"] = confidence
    events = [*(history or []), *(asked(requested) if requested else []), message, action_event(form.form_name()),
              *({"event": "slot", "name": k, "value": v} for k, v in candidates.items())]
    tracker = make_tracker(slots={**(slots or {}), **candidates, "requested_slot": requested}, events=events,
                           active_loop=form.form_name(), sender_id=sender)
    return run_action(form, tracker)


def slots_set(events):
    """The slots an action's events set, in order (later events win)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def event_types(events):
    return [e["event"] for e in events]
