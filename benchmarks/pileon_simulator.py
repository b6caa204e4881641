"""A community simulator with ground truth, for the pile-on benchmark (``bench_pileon.py``).

Threads start at random moments over ``days`` and are generated in time order from a pool of regulars, so who has
talked with whom (history with a target) builds up as it would on a site. Six kinds of thread:

- quiet: two to four regulars, a few replies over a day;
- heated: four to six regulars arguing for hours, replying to each other — fair, but the classifier flags some
  comments as hostile anyway (``false_flag_rate``);
- pile-on: new accounts (days old, first comment) pour insults on one member within hours, while a few regulars
  stand up for them;
- named pile-on: the same against a person who is only named in the text (no account), with some regulars joining;
- regulars' pile-on: established members turn on one member together (only the rate rule can see this one);
- slow burn: one established account insults one member every six to thirty hours for one to two weeks;
- report flood: new accounts report one member's comment within a couple of hours (plus a hostile comment or two).

Hostility is synthetic: a truly hostile comment is flagged with probability ``detection_rate`` and a fair one with
``false_flag_rate``; the real classifier's rates on generated texts are measured separately (``pileon_texts``).
Pile-ons and report floods should open a shield; the other kinds should not. Everything comes from one seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from stoa.detection.pileon import Event, EventKind

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
OLD_ACCOUNT = START - dt.timedelta(days=400)


class Scenario(StrEnum):
    QUIET = "quiet"
    HEATED = "heated"
    PILE_ON = "pile-on"
    NAMED_PILE_ON = "named pile-on"
    REGULARS_PILE_ON = "regulars pile-on"
    SLOW_BURN = "slow burn"
    REPORT_FLOOD = "report flood"


ATTACKS = frozenset({Scenario.PILE_ON, Scenario.NAMED_PILE_ON, Scenario.REGULARS_PILE_ON, Scenario.REPORT_FLOOD})
DEFAULT_THREADS = {
    Scenario.QUIET: 1000,
    Scenario.HEATED: 1000,
    Scenario.PILE_ON: 200,
    Scenario.NAMED_PILE_ON: 200,
    Scenario.REGULARS_PILE_ON: 100,
    Scenario.SLOW_BURN: 100,
    Scenario.REPORT_FLOOD: 100,
}


@dataclass(frozen=True)
class SimConfig:
    seed: int = 20260310
    days: int = 60
    regulars: int = 400
    threads: Mapping[Scenario, int] = field(default_factory=lambda: dict(DEFAULT_THREADS))
    detection_rate: float = 0.85
    false_flag_rate: Mapping[Scenario, float] = field(
        default_factory=lambda: {Scenario.QUIET: 0.02, Scenario.HEATED: 0.08}
    )


@dataclass(frozen=True)
class SimComment:
    """One comment or report with its ground truth: ``hostile`` is the truth, ``flagged`` what the scorer said."""

    id: str
    thread: int
    at: dt.datetime
    author: str
    target: str
    hostile: bool
    flagged: bool
    first_comment: bool
    account_created: dt.datetime
    knows_target: bool
    report: bool = False

    def event(self) -> Event:
        kind = EventKind.REPORT if self.report else EventKind.HOSTILE if self.flagged else EventKind.AIMED
        return Event(
            self.target,
            kind,
            self.at,
            self.author,
            self.id,
            first_comment=self.first_comment,
            account_created=self.account_created,
            knows_target=self.knows_target,
            reasons=("flagged",) if self.flagged else (),
        )


@dataclass
class SimThread:
    id: int
    scenario: Scenario
    start: dt.datetime
    victim: str = ""
    comments: list[SimComment] = field(default_factory=list)


class _Community:
    """The generator's state: the random source, the regulars and who has had a friendly exchange with whom."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.regulars = [f"member:m{i}" for i in range(config.regulars)]
        self.exchanges: set[tuple[str, str]] = set()
        self.commented: set[str] = set(self.regulars)
        self.strangers = 0

    def stranger(self) -> str:
        self.strangers += 1
        return f"member:new{self.strangers}"

    def add(self, thread: SimThread, at: dt.datetime, author: str, target: str, *, hostile: bool, **fields) -> None:
        rate = self.config.detection_rate if hostile else self.config.false_flag_rate.get(thread.scenario, 0.02)
        comment = SimComment(
            id=f"{thread.id}-{len(thread.comments)}",
            thread=thread.id,
            at=at,
            author=author,
            target=target,
            hostile=hostile,
            flagged=not fields.get("report", False) and self.rng.random() < rate,
            first_comment=author not in self.commented,
            account_created=fields.pop("account_created", OLD_ACCOUNT),
            knows_target=(author, target) in self.exchanges,
            **fields,
        )
        thread.comments.append(comment)
        self.commented.add(author)
        if not hostile and not comment.report:
            self.exchanges.update({(author, target), (target, author)})

    def minutes(self, at: dt.datetime, mean: float) -> dt.datetime:
        return at + dt.timedelta(minutes=self.rng.expovariate(1 / mean))


def _conversation(community: _Community, thread: SimThread, people: int, comments: int, hours: float) -> None:
    """Regulars replying to one another; nobody replies to themselves."""
    rng = community.rng
    cast = rng.sample(community.regulars, people)
    at = thread.start
    previous = [rng.choice(cast)]
    for _ in range(comments):
        at = community.minutes(at, hours * 60 / comments)
        author = rng.choice([p for p in cast if p != previous[-1]])
        target = rng.choice([p for p in previous[-3:] if p != author] or [previous[-1]])
        community.add(thread, at, author, target, hostile=False)
        previous.append(author)


def _attack(community: _Community, thread: SimThread, victim: str, *, regulars_share: float = 0.0) -> None:
    """Attackers arrive minutes apart (a quarter come back for more); a few regulars stand up for the victim."""
    rng = community.rng
    at = community.minutes(thread.start, 30)
    attackers = rng.randint(4, 15)
    defenders = rng.sample(community.regulars, rng.randint(0, attackers // 2))
    for _ in range(attackers):
        at = community.minutes(at, rng.uniform(8, 40))
        if defenders and rng.random() < 0.5:
            community.add(thread, at, defenders.pop(), victim, hostile=False)
        joining_regular = rng.random() < regulars_share
        author = rng.choice(community.regulars) if joining_regular else community.stranger()
        created = OLD_ACCOUNT if joining_regular else at - dt.timedelta(days=rng.uniform(0, 3))
        for _ in range(1 + (rng.random() < 0.25)):  # a quarter of them come back for a second go
            community.add(thread, at, author, victim, hostile=True, account_created=created)
            at = community.minutes(at, 10)


def generate(config: SimConfig) -> list[SimThread]:
    """Every thread of the simulated community, in order of their start."""
    community = _Community(config)
    rng = community.rng
    kinds = [kind for kind, count in config.threads.items() for _ in range(count)]
    starts = sorted(START + dt.timedelta(days=rng.uniform(0, config.days)) for _ in kinds)
    rng.shuffle(kinds)
    threads = []
    for number, (kind, start) in enumerate(zip(kinds, starts, strict=True)):
        thread = SimThread(number, kind, start)
        _GENERATORS[kind](community, thread)
        threads.append(thread)
    return threads


def _quiet(community: _Community, thread: SimThread) -> None:
    rng = community.rng
    _conversation(community, thread, rng.randint(2, 4), rng.randint(3, 10), rng.uniform(2, 24))


def _heated(community: _Community, thread: SimThread) -> None:
    rng = community.rng
    _conversation(community, thread, rng.randint(4, 6), rng.randint(20, 60), rng.uniform(2, 8))


def _pile_on(community: _Community, thread: SimThread) -> None:
    thread.victim = community.rng.choice(community.regulars)
    _attack(community, thread, thread.victim)


def _named_pile_on(community: _Community, thread: SimThread) -> None:
    thread.victim = f"person:outsider-{thread.id}"
    _attack(community, thread, thread.victim, regulars_share=0.3)


def _regulars_pile_on(community: _Community, thread: SimThread) -> None:
    thread.victim = community.rng.choice(community.regulars)
    _attack(community, thread, thread.victim, regulars_share=1.0)


def _slow_burn(community: _Community, thread: SimThread) -> None:
    rng = community.rng
    thread.victim = rng.choice(community.regulars)
    stalker = rng.choice([r for r in community.regulars if r != thread.victim])
    at = thread.start
    for _ in range(rng.randint(6, 12)):
        at += dt.timedelta(hours=rng.uniform(6, 30))
        community.add(thread, at, stalker, thread.victim, hostile=True)


def _report_flood(community: _Community, thread: SimThread) -> None:
    rng = community.rng
    thread.victim = rng.choice(community.regulars)
    at = thread.start
    for _ in range(rng.randint(5, 12)):
        at = community.minutes(at, rng.uniform(5, 20))
        created = at - dt.timedelta(days=rng.uniform(0, 3))
        hostile_too = rng.random() < 0.15
        community.add(thread, at, community.stranger(), thread.victim, hostile=hostile_too, report=not hostile_too,
                      account_created=created)  # fmt: skip


_GENERATORS = {
    Scenario.QUIET: _quiet,
    Scenario.HEATED: _heated,
    Scenario.PILE_ON: _pile_on,
    Scenario.NAMED_PILE_ON: _named_pile_on,
    Scenario.REGULARS_PILE_ON: _regulars_pile_on,
    Scenario.SLOW_BURN: _slow_burn,
    Scenario.REPORT_FLOOD: _report_flood,
}


def events_in_time_order(threads: list[SimThread]) -> list[SimComment]:
    return sorted((c for thread in threads for c in thread.comments), key=lambda c: c.at)
