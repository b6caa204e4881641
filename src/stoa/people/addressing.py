"""Whom a comment addresses and whether they take it: the ``MemberControls`` the moderation gate reads.

Built before the pipeline runs, in at most two queries (the addressed members, then their blocks of the
writer), and only when the comment replies to a member or mentions someone.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower

from stoa.moderation.context import MemberControls
from stoa.people.mentions import mentioned_usernames
from stoa.people.models import Block, User


def member_controls(writer: User | None, *, reply_to_author_id: int | None, text: str) -> MemberControls:
    """The members ``text`` (by ``writer``, ``None`` for a guest) addresses, and who of them blocked or went dormant."""
    writer_id = writer.pk if writer is not None else None
    writer_dormant = writer is not None and writer.is_dormant
    reply_to = reply_to_author_id if reply_to_author_id != writer_id else None
    names = mentioned_usernames(text)
    if not names and reply_to is None:
        return MemberControls(writer_dormant=writer_dormant)
    lowered = {name.lower() for name in names}
    # As written, or the same in other letter case (SQLite lowers ASCII letters only; PostgreSQL all). Each branch
    # is an index search (the lowered name has its own index, ``people`` 0003), so no lookup scans the members;
    # the reply's author is added only when there is one (``id IS NULL`` would turn the whole lookup into a scan).
    lookup = Q(username__in=names) | Q(lowered__in=lowered)
    if reply_to is not None:
        lookup |= Q(pk=reply_to)
    users = User.objects.annotate(lowered=Lower("username"))
    addressed = users.filter(lookup, is_active=True).exclude(pk=writer_id)
    rows = list(addressed.values_list("pk", "username", "dormant_since"))
    mentioned = {pk: username for pk, username, _ in rows if username.lower() in lowered}
    blocked_by = _blocked_by([pk for pk, _, _ in rows], writer_id)
    return MemberControls(
        reply_to=reply_to,
        mentioned=mentioned,
        blocked_by=blocked_by,
        dormant=frozenset(pk for pk, _, since in rows if since is not None),
        writer_dormant=writer_dormant,
    )


def _blocked_by(member_ids: list[int], writer_id: int | None) -> frozenset[int]:
    if writer_id is None or not member_ids:
        return frozenset()
    blocks = Block.objects.filter(blocked_id=writer_id, blocker_id__in=member_ids)
    return frozenset(blocks.values_list("blocker_id", flat=True))
