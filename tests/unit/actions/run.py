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
