"""The one table of allowed comment status changes; anything else is refused."""

from __future__ import annotations

from stoa.moderation.decisions import Status

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.HELD: frozenset({Status.PUBLISHED, Status.REJECTED, Status.SPAM}),
    Status.PUBLISHED: frozenset({Status.HELD, Status.REJECTED, Status.SPAM}),
    # Back to held only when a rewritten text waits for review (a mention its source had taken down links again).
    Status.REJECTED: frozenset({Status.PUBLISHED, Status.HELD}),
    Status.SPAM: frozenset({Status.PUBLISHED}),
}


class IllegalTransition(ValueError):
    """A comment cannot move from its current status to the one asked for."""


def check_transition(current: str, target: Status) -> None:
    if target not in ALLOWED[Status(current)]:
        raise IllegalTransition(f"A {current} comment cannot be marked {target}.")
