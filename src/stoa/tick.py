"""``stoa tick``: the periodic work a site runs from cron (or a systemd timer) every few minutes.

With the default immediate tasks backend nothing runs later by itself, so what is *due* at a time, not caused by a
request, waits for this command. Each step calls one service function that is idempotent (running it twice, or two
runs at once, does the work once) and answers with a one-line summary:

- ``removals``: removal requests their author left unanswered past the deadline go to the moderators
  (``stoa.safety.removals.escalate_overdue``; the removal pages also do it when opened);
- ``queue``: the moderators' pending-queue size and age alerts (``check_pending_queue``; otherwise only checked
  when a comment is submitted, so a queue that ages quietly would never alert);
- ``mentions``: Webmentions and Pingbacks that are due: links of posts published lately (scheduled ones too) and
  retries (``send_due``, the same as ``stoa manage send_mentions``);
- ``shields``: shields that ran out are announced, once, to the member and the moderators
  (``stoa.safety.shields.announce_lifted_shields``).

A step that fails does not stop the others; the command then exits with status 1 and the failure on stderr.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from stoa.discussion.outgoing_mentions import send_due
from stoa.moderation.notifications_queue import check_pending_queue
from stoa.safety import shields
from stoa.safety.removals import escalate_overdue

logger = logging.getLogger(__name__)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def escalate_overdue_removals(now: datetime) -> str:
    moved = escalate_overdue(now)
    return f"{_plural(moved, 'overdue removal request')} sent to the moderators"


def check_moderation_queue(now: datetime) -> str:
    told = check_pending_queue(now)
    if not told:
        return "pending queue checked: no new alert"
    return f"pending queue past its limit: {_plural(len(told), 'moderator')} told"


def send_due_mentions(now: datetime) -> str:
    if not settings.CONFIG.send_mentions:
        return "sending is off (STOA_SEND_MENTIONS=false)"
    return f"{_plural(send_due(now=now), 'mention')} sent"


def announce_lifted_shields(now: datetime) -> str:
    lifted = shields.announce_lifted_shields(now)
    if not lifted:
        return "no shield ran out since the last run"
    names = ", ".join(shield.target_label for shield in lifted[:5]) + (" …" if len(lifted) > 5 else "")
    return f"{_plural(len(lifted), 'shield')} ran out, announced: {names}"


@dataclass(frozen=True)
class TickStep:
    """One periodic job: its short name (the start of its summary line) and the function that does it."""

    name: str
    run: Callable[[datetime], str]


STEPS: tuple[TickStep, ...] = (
    TickStep("removals", escalate_overdue_removals),
    TickStep("queue", check_moderation_queue),
    TickStep("mentions", send_due_mentions),
    TickStep("shields", announce_lifted_shields),
)


@dataclass(frozen=True)
class StepOutcome:
    name: str
    summary: str
    failed: bool = False

    def line(self) -> str:
        return f"{self.name}: {self.summary}"


def run_tick(now: datetime | None = None, steps: Sequence[TickStep] = STEPS) -> list[StepOutcome]:
    """Run every step at ``now``; a step that raises is logged with its traceback and reported as failed, and the
    next steps still run (mentions failing must not keep removal requests from the moderators)."""
    now = now or timezone.now()
    outcomes = []
    for step in steps:
        try:
            outcomes.append(StepOutcome(step.name, step.run(now)))
        except Exception as error:  # noqa: BLE001 - reported (log, stderr, exit status 1), never swallowed
            logger.exception("stoa tick: step %s failed", step.name)
            outcomes.append(StepOutcome(step.name, f"failed: {type(error).__name__}: {error}", failed=True))
    return outcomes
