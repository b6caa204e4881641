"""Shields: a comment aimed at a shielded person, from someone without prior approved exchanges with them, waits.

``context.shielded`` lists the open shields that apply to this author (built before the pipeline by
``stoa.safety.aiming``: targets found, history with each checked). Staff pass: they are the ones reviewing.
Placed before trusted auto-approve on purpose: a member in good standing elsewhere who has never spoken with the
person is exactly who joins a pile-on, so good standing does not lift the shield.
"""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict

PHASE = "shield"


def check_shields(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> list[Signal] | None:
    if not context.shielded or context.author.may_moderate:
        return None
    return [
        Signal(Verdict.REVIEW, f"shield for {target.label} ({'; '.join(target.reasons)})", PHASE)
        for target in context.shielded
    ]
