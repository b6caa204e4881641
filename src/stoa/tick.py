"""``stoa tick``: the periodic work a site runs from cron (or a systemd timer) every few minutes.

With the default immediate tasks backend nothing runs later by itself, so what is *due* at a time, not caused by a
request, waits for this command. Each step calls one service function that is idempotent (running it twice, or two
runs at once, does the work once) and answers with a one-line summary:

- ``removals``: removal requests their author left unanswered past the deadline go to the moderators
  (``stoa.safety.removals.escalate_overdue``; the removal pages also do it when opened);
- ``queue``: the moderators' pending-queue size and age alerts (``check_pending_queue``; otherwise only checked
  when a comment is held, so a queue that ages quietly would never alert);
- ``mentions``: received Webmentions still queued are verified (``verify_queued``; with the immediate backend the
  endpoint only records them), then Webmentions and Pingbacks that are due are sent: links of posts published
  lately (scheduled ones too) and retries (``send_due``; both as ``stoa manage send_mentions``);
- ``shields``: shields that ran out are announced, once, to the member and the moderators
  (``stoa.safety.shields.announce_lifted_shields``);
- ``webhooks``: webhook deliveries that are due (retries after their wait) are tried (``stoa.api.webhooks.send_due``).

A step that fails does not stop the others; the command then exits with status 1 and the failure on stderr.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from stoa.api import webhooks
from stoa.discussion.outgoing_mentions import send_due
from stoa.discussion.received_mentions import verify_queued
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
    verified = verify_queued(now=now)
    if not settings.CONFIG.send_mentions:
        summary = "sending is off (STOA_SEND_MENTIONS=false)"
    else:
        summary = f"{_plural(send_due(now=now), 'mention')} sent"
    return f"{summary}; {_plural(verified, 'received mention')} checked" if verified else summary


def announce_lifted_shields(now: datetime) -> str:
    lifted = shields.announce_lifted_shields(now)
    if not lifted:
        return "no shield ran out since the last run"
    names = ", ".join(shield.target_label for shield in lifted[:5]) + (" …" if len(lifted) > 5 else "")
    return f"{_plural(len(lifted), 'shield')} ran out, announced: {names}"


def send_due_webhooks(now: datetime) -> str:
    outcomes = webhooks.send_due(now=now)
    if not outcomes:
        return "no delivery due"
    counts = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in sorted(outcomes.items()))
    return f"{_plural(sum(outcomes.values()), 'delivery', 'deliveries')} tried: {counts}"


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
    TickStep("webhooks", send_due_webhooks),
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
