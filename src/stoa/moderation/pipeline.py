"""Run a comment through the ordered phases and return one decision (or a refusal).

Each phase is ``phase(context) -> None | Signal | list[Signal] | Refusal | Decision``. The first ``Refusal``
or ``Decision`` ends the run; signals accumulate and are handed to the next phases through ``Verdicts``.
The last phase, ``policy``, turns the signals into the decision, so a pipeline without a terminal phase
always ends in one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Refusal, Signal
from stoa.moderation.phases import PHASES

Phase = Callable[[ModerationContext, tuple[Signal, ...]], object]


class PipelineHasNoPolicy(RuntimeError):
    """The phase list ended without any phase deciding: a configuration error, never a silent publish."""


def run(context: ModerationContext, phases: Sequence[Phase] = PHASES) -> Decision | Refusal:
    """Pass ``context`` through ``phases`` in order; the first terminal result wins."""
    signals: list[Signal] = []
    for phase in phases:
        result = phase(context, tuple(signals))
        if isinstance(result, Decision | Refusal):
            return _with_earlier_signals(result, signals)
        if isinstance(result, Signal):
            signals.append(result)
        elif result:
            signals.extend(result)
    raise PipelineHasNoPolicy("no phase decided; the phase list must end with policy")


def _with_earlier_signals(result: Decision | Refusal, signals: list[Signal]) -> Decision | Refusal:
    """A terminal decision keeps the figures earlier phases reported, so moderators see them all."""
    if isinstance(result, Refusal) or not signals or result.signals:
        return result
    merged = Decision.from_signals(result.status, tuple(signals), result.decided_by, reasons=result.reasons)
    return Decision(
        merged.status,
        merged.reasons,
        merged.signals,
        dict(merged.scores) | dict(result.scores),
        merged.decided_by,
        merged.highlights + result.highlights,
    )
