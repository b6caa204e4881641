"""What a signed-in reader's blocks and mutes change in what they see, read in one query.

A thread page stays at a constant number of queries: the reader's blocks (both ways) and mutes come back
together as a ``UNION``, and the renderer only tests membership in the sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Q, Value

from stoa.people.models import Block, Mute


@dataclass(frozen=True)
class ViewerRelations:
    """Member ids the reader ``blocked``, ``muted``, and was ``blocked_by`` (never shown to them as such)."""

    blocked: frozenset[int] = frozenset()
    muted: frozenset[int] = frozenset()
    blocked_by: frozenset[int] = frozenset()


NO_RELATIONS = ViewerRelations()


def relations_of(viewer) -> ViewerRelations:
    """The reader's blocks and mutes; nothing (and no query) for a guest."""
    if not viewer.is_authenticated:
        return NO_RELATIONS
    kind = CharField(max_length=5)
    blocks = Block.objects.filter(Q(blocker=viewer) | Q(blocked=viewer)).values_list(
        "blocker_id", "blocked_id", Value("block", output_field=kind)
    )
    mutes = Mute.objects.filter(muter=viewer).values_list("muter_id", "muted_id", Value("mute", output_field=kind))
    blocked, muted, blocked_by = set(), set(), set()
    for source, target, relation in blocks.union(mutes, all=True):
        if relation == "mute":
            muted.add(target)
        elif source == viewer.pk:
            blocked.add(target)
        else:
            blocked_by.add(source)
    return ViewerRelations(frozenset(blocked), frozenset(muted), frozenset(blocked_by))
