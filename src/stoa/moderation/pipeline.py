"""Run a comment through the ordered phases and return one decision (or a refusal).

Each phase is ``phase(context, signals) -> None | Signal | list[Signal] | Transform | Refusal | Decision``. A
``Transform`` rewrites the text that every later phase sees (and that is stored). The first ``Refusal`` or
``Decision`` ends the run; signals accumulate and are handed to the next phases. The last phase, ``policy``, turns
the signals into the decision, so a pipeline without a terminal phase always ends in one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Refusal, Signal, Transform
from stoa.moderation.phases import PHASES

Phase = Callable[[ModerationContext, tuple[Signal, ...]], object]


class PipelineHasNoPolicy(RuntimeError):
    """The phase list ended without any phase deciding: a configuration error, never a silent publish."""


def run(context: ModerationContext, phases: Sequence[Phase] = PHASES) -> Decision | Refusal:
    """Pass ``context`` through ``phases`` in order; the first terminal result wins."""
    signals: list[Signal] = []
    transforms: list[Transform] = []
    for phase in phases:
        result = phase(context, tuple(signals))
        if isinstance(result, Transform):
            context = dataclasses.replace(context, text=result.text)
            transforms.append(result)
        elif isinstance(result, Refusal):
            return result
        elif isinstance(result, Decision):
            return _finished(result, signals, transforms, context.text)
        elif isinstance(result, Signal):
            signals.append(result)
        elif result:
            signals.extend(result)
    raise PipelineHasNoPolicy("no phase decided; the phase list must end with policy")


def _finished(result: Decision, signals: list[Signal], transforms: list[Transform], text: str) -> Decision:
    """The decision with the text to store, what the transforms did, and the figures earlier phases reported (so
    moderators see them all, even when a phase ended the run early)."""
    if signals and not result.signals:
        merged = Decision.from_signals(result.status, tuple(signals), result.decided_by, reasons=result.reasons)
        result = dataclasses.replace(
            result,
            signals=merged.signals,
            scores=dict(merged.scores) | dict(result.scores),
            highlights=merged.highlights + result.highlights,
        )
    figures = {key: value for transform in transforms for key, value in transform.scores.items()}
    return dataclasses.replace(
        result,
        text=text,
        transforms=tuple(transform.note for transform in transforms if transform.note),
        scores=figures | dict(result.scores),
    )
