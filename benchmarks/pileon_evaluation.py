"""Scoring a detector against the simulator's ground truth: shields opened, how late, and on whom by mistake.

A detector here is anything with ``observe(event) -> alert | None`` whose alerts have ``target``, ``at``,
``comments`` and (optionally) ``level``. A shield is a pile-on alert (every alert, for the baseline); it is
attributed to the threads its comments came from (only to the attack, when an attack on that target is among
them). For an attack thread, the hostile comments the target saw are
the truly hostile ones aimed at them before its shield opened (all of them if it never did).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from pileon_simulator import ATTACKS, Scenario, SimComment, SimThread, events_in_time_order
from stoa.detection.pileon import AlertLevel, Event, EventKind


@dataclass(frozen=True)
class CountAlert:
    target: str
    at: dt.datetime
    comments: tuple[str, ...]
    level: AlertLevel = AlertLevel.PILE_ON


class HostileCountBaseline:
    """The naive detector: a shield once a target has ``count`` flagged hostile comments within ``window``,
    whoever wrote them and whatever their history (no distinct authors, no rate, no history)."""

    def __init__(self, count: int = 3, window: dt.timedelta = dt.timedelta(hours=6)) -> None:
        self.count, self.window = count, window
        self.recent: dict[str, deque[tuple[dt.datetime, str]]] = defaultdict(deque)

    def observe(self, event: Event) -> CountAlert | None:
        if event.kind is not EventKind.HOSTILE:
            return None
        recent = self.recent[event.target]
        recent.append((event.at, event.comment))
        while recent[0][0] < event.at - self.window:
            recent.popleft()
        if len(recent) == self.count:
            return CountAlert(event.target, event.at, tuple(comment for _, comment in recent))
        return None


@dataclass
class ScenarioResult:
    threads: int = 0
    shielded: int = 0  # threads a shield was attributed to (right for attacks, wrong otherwise)
    watched: int = 0
    seen_before: list[int] = field(default_factory=list)
    minutes_to_shield: list[float] = field(default_factory=list)

    def per_thousand(self) -> float:
        return 1000 * self.shielded / self.threads if self.threads else 0.0

    def median_seen(self) -> float:
        return statistics.median(self.seen_before) if self.seen_before else 0.0

    def p90_seen(self) -> float:
        return statistics.quantiles(self.seen_before, n=10)[-1] if len(self.seen_before) > 1 else self.median_seen()


def thread_of(comment_id: str) -> int:
    return int(comment_id.split("-", 1)[0])


def run_detector(detector, comments: Iterable[SimComment]) -> list:
    return [alert for comment in comments if (alert := detector.observe(comment.event())) is not None]


def evaluate(threads: list[SimThread], detector) -> dict[Scenario, ScenarioResult]:
    """Feed every thread's events, in time order, to ``detector`` and score its alerts per kind of thread."""
    alerts = run_detector(detector, events_in_time_order(threads))
    by_id = {thread.id: thread for thread in threads}
    shields: dict[int, dt.datetime] = {}
    watched: set[int] = set()
    for alert in alerts:
        involved = {thread_of(comment) for comment in alert.comments}
        attacks = {n for n in involved if by_id[n].scenario in ATTACKS and by_id[n].victim == alert.target}
        for number in attacks or involved:  # an alert an attack explains is no false alarm for bystander threads
            if by_id[number].scenario in ATTACKS and by_id[number].victim != alert.target:
                continue
            if getattr(alert, "level", AlertLevel.PILE_ON) is AlertLevel.PILE_ON:
                shields.setdefault(number, alert.at)
            else:
                watched.add(number)
    return _results(threads, shields, watched)


def _results(threads: list[SimThread], shields: dict[int, dt.datetime], watched: set[int]) -> dict:
    results: dict[Scenario, ScenarioResult] = defaultdict(ScenarioResult)
    for thread in threads:
        result = results[thread.scenario]
        result.threads += 1
        result.shielded += thread.id in shields
        result.watched += thread.id in watched
        if thread.scenario in ATTACKS:
            opened = shields.get(thread.id)
            hostile = [c for c in thread.comments if c.hostile and not c.report and c.target == thread.victim]
            result.seen_before.append(sum(opened is None or c.at < opened for c in hostile))
            if opened is not None:
                result.minutes_to_shield.append((opened - thread.comments[0].at).total_seconds() / 60)
    return dict(results)
