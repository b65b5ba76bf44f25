"""Composition root: the services actions and routes use, built lazily on first use.

rasa-sdk imports every module under ``bot.actions`` at start-up and instantiates each Action with no arguments,
so actions fetch their collaborators from here at run time. Nothing connects until a service is first used.
Tests replace the container with :func:`use`.
"""

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, system_clock
from bot.config import Settings, load_settings
from bot.db.session import make_engine, make_session_factory
from bot.rasa_client import RasaClient
from bot.services.arrears import ArrearsService
from bot.services.balances import BalanceService
from bot.services.binding import BindingService
from bot.services.communities import CommunityService
from bot.services.grievances import GrievanceService
from bot.services.handoff import HandoffService
from bot.services.wechat_log import WeChatLog

# Reading a clause is quick (tens of milliseconds); a slow Rasa must not hold the owner's reply up.
NLU_TIMEOUT_SECONDS = 3.0


@dataclass
class Container:
    settings: Settings = field(default_factory=load_settings)
    clock: Clock = system_clock
    # Tests pass a session factory over their own database; otherwise one is built from DATABASE_URL.
    session_factory: sessionmaker[Session] | None = None
    # Tests pass a fake; otherwise Rasa's HTTP API at RASA_URL (the action server reads clauses of a message with it).
    nlu_client: RasaClient | None = None

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return self.session_factory or make_session_factory(self.engine)

    @cached_property
    def nlu(self) -> RasaClient:
        return self.nlu_client or RasaClient(self.settings.rasa_url, self.settings.rasa_token,
                                             timeout=NLU_TIMEOUT_SECONDS)

    @cached_property
    def binding(self) -> BindingService:
        return BindingService(self.sessions, self.clock)

    @cached_property
    def balances(self) -> BalanceService:
        return BalanceService(self.sessions, self.clock, self.binding)

    @cached_property
    def communities(self) -> CommunityService:
        return CommunityService(self.sessions, self.clock)

    @cached_property
    def grievances(self) -> GrievanceService:
        return GrievanceService(self.sessions, self.clock)

    @cached_property
    def arrears(self) -> ArrearsService:
        return ArrearsService(self.sessions, self.clock)

    @cached_property
    def handoffs(self) -> HandoffService:
        return HandoffService(self.sessions, self.clock)

    @cached_property
    def wechat_log(self) -> WeChatLog:
        return WeChatLog(self.sessions, self.clock)


_current: Container | None = None


def get() -> Container:
    global _current
    if _current is None:
        _current = Container()
    return _current


def use(container: Container | None) -> None:
    """Install ``container`` (tests), or None to build a fresh one on next use."""
    global _current
    _current = container
