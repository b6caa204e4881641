"""The last phase: the strongest signal decides (reject > spam > review), and every reason is kept."""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Signal, Status, Verdict

_OUTCOME = [(Verdict.REJECT, Status.REJECTED), (Verdict.SPAM, Status.SPAM), (Verdict.REVIEW, Status.HELD)]


def decide(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Decision:
    verdicts = {signal.verdict for signal in signals}
    status = next((status for verdict, status in _OUTCOME if verdict in verdicts), Status.PUBLISHED)
    return Decision.from_signals(status, signals, "policy")
