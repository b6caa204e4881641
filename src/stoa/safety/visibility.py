"""What a shield hides from readers: published hostile comments aimed at a shielded person, pending review.

One expression, used by every place that shows comments to readers (the thread page, the comment feed, the API),
so no path shows what the shield hid.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from stoa.safety.models import AimedComment


def hidden_by_shield() -> Exists:
    """True for a comment a shield hid from readers (annotate a comment queryset with it)."""
    return Exists(AimedComment.objects.filter(comment=OuterRef("pk"), collapsed=True))


def without_shield_hidden(comments: QuerySet) -> QuerySet:
    """``comments`` less those a shield hid from readers."""
    return comments.exclude(hidden_by_shield())
