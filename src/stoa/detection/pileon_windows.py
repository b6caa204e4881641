"""The bounded windows behind ``PileOnDetector``: a capped, time-ordered tally of actors, a target's rate, and
which hostile authors are one-sided.

All take events in time order and forget by time; every operation is O(1) amortised and every structure has a
cap, so a target's memory never grows with its traffic.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

HOUR = 3600.0
MIN_WATCHED = 24 * HOUR


class Tally:
    """A time-ordered, capped list of (time, actor, comment, new to the site, new to the target, mark), with
    per-actor counts kept in step. ``mark`` is the caller's (the detector stores how many comments had been aimed
    at the target by then); ``on_change(actor)`` is called after each change to an actor's counts."""

    def __init__(self, cap: int, on_change: Callable[[str], None] | None = None) -> None:
        self.cap = cap
        self.on_change = on_change
        self.items: deque[tuple[float, str, str, bool, bool, int]] = deque()
        self.actors: dict[str, int] = {}
        self.new_actors: dict[str, int] = {}
        self.strangers: dict[str, int] = {}

    def add(self, at: float, actor: str, comment: str, new: bool, stranger: bool, mark: int = 0) -> None:
        if len(self.items) >= self.cap:
            self._drop()
        self.items.append((at, actor, comment, new, stranger, mark))
        self.actors[actor] = self.actors.get(actor, 0) + 1
        if new:
            self.new_actors[actor] = self.new_actors.get(actor, 0) + 1
        if stranger:
            self.strangers[actor] = self.strangers.get(actor, 0) + 1
        if self.on_change is not None:
            self.on_change(actor)

    def expire(self, before: float) -> None:
        while self.items and self.items[0][0] < before:
            self._drop()

    def _drop(self) -> None:
        _, actor, _, new, stranger, _ = self.items.popleft()
        _decrement(self.actors, actor)
        if new:
            _decrement(self.new_actors, actor)
        if stranger:
            _decrement(self.strangers, actor)
        if self.on_change is not None:
            self.on_change(actor)


class Sides:
    """A target's window split by tone: the hostile comments aimed at it and the other (fair) ones, each a capped
    ``Tally``, and the set of **one-sided** hostile authors: those with more hostile than fair comments aimed at
    the target in the window, or as many when the author is new to the site. Kept in step on every change, O(1)."""

    def __init__(self, cap: int) -> None:
        self.hostile = Tally(cap, self._settle)
        self.fair = Tally(cap, self._settle)
        self.one_sided: set[str] = set()

    def expire(self, before: float) -> None:
        self.hostile.expire(before)
        self.fair.expire(before)

    def _settle(self, actor: str) -> None:
        hostile, fair = self.hostile.actors.get(actor, 0), self.fair.actors.get(actor, 0)
        new = actor in self.hostile.new_actors
        if hostile > fair or (hostile and hostile == fair and new):
            self.one_sided.add(actor)
        else:
            self.one_sided.discard(actor)


def _decrement(counts: dict[str, int], key: str) -> None:
    if counts[key] == 1:
        del counts[key]
    else:
        counts[key] -= 1


class AimedRate:
    """Comments aimed at a target: counted in time buckets over the window; older ones feed a decayed normal."""

    def __init__(self) -> None:
        self.buckets: deque[list[float]] = deque()  # [bucket start, count]
        self.in_window = 0
        self.normal_weight = 0.0
        self.normal_at = 0.0
        self.first_at: float | None = None

    def add(self, at: float, bucket: float) -> None:
        if self.first_at is None:
            self.first_at = at
        start = at - at % bucket
        if self.buckets and self.buckets[-1][0] == start:
            self.buckets[-1][1] += 1
        else:
            self.buckets.append([start, 1])
        self.in_window += 1

    def expire(self, before: float, bucket: float, period: float) -> None:
        while self.buckets and self.buckets[0][0] + bucket <= before:
            start, count = self.buckets.popleft()
            self.in_window -= int(count)
            self._remember(start + bucket, count, period)

    def _remember(self, at: float, count: float, period: float) -> None:
        if self.normal_weight:
            self.normal_weight *= math.exp(-max(0.0, at - self.normal_at) / period)
        self.normal_weight += count
        self.normal_at = max(self.normal_at, at)

    def normal_per_hour(self, now: float, period: float, window: float) -> float:
        """Decayed count over decayed time watched: a month of steady traffic gives its true rate, and so does a
        target first seen a week ago (at least a day of watching is assumed, so one early comment is no normal)."""
        if self.first_at is None or not self.normal_weight:
            return 0.0
        decayed = self.normal_weight * math.exp(-max(0.0, now - self.normal_at) / period)
        watched = max(now - window - self.first_at, MIN_WATCHED)
        return decayed / (period * -math.expm1(-watched / period)) * HOUR
