"""Whom a comment being written is aimed at, and which of them a shield protects from its author.

``aim_draft`` runs before the pipeline (a constant number of queries): it finds the targets with the pure
``stoa.detection.targets``, the author's history with each of them, and the open shields that apply to this
author. ``record_aims`` stores one ``AimedComment`` per target in the comment's own transaction, hostile or not,
so that every process's pile-on detector sees the same history.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from stoa.detection.hostility import hostile_targets, hostility_reasons
from stoa.detection.people_register import member_key
from stoa.detection.pileon import DEFAULT_THRESHOLDS
from stoa.detection.targets import RepliedTo, Target, find_targets, mentioned_usernames
from stoa.moderation.context import ModerationContext, ShieldedTarget
from stoa.moderation.decisions import Status
from stoa.moderation.scoring import ScorerUnavailable
from stoa.people.models import Follow
from stoa.safety.models import AimedComment
from stoa.safety.register import site_register
from stoa.safety.shields import open_shields


@dataclass(frozen=True)
class AimedDraft:
    """The targets of a draft, its author's key and standing, and the shields it meets."""

    author_key: str
    targets: tuple[Target, ...] = ()
    knows: frozenset[str] = frozenset()
    first_comment: bool = False
    account_created: datetime | None = None
    shielded: tuple[ShieldedTarget, ...] = field(default=())
    member_ids: dict[str, int] = field(default_factory=dict)


def author_key_for(author, email_hash: str, ip_hash: str = "") -> str:
    """``member:<username>`` for a member (the detector's key), ``guest:<hash prefix>`` for a guest; a writer with
    neither an account nor an email (a mention from another site) is ``ip:`` or, failing that, someone new each
    time (never one shared "empty" author whose history would let them all through a shield)."""
    if author is not None:
        return member_key(author.get_username())
    if email_hash:
        return f"guest:{email_hash[:16]}"
    return f"ip:{ip_hash[:16]}" if ip_hash else f"anon:{secrets.token_hex(8)}"


def aim_draft(
    *,
    text: str,
    author,
    email_hash: str,
    reply_to,
    post,
    approved_comments: int,
    now: datetime,
    editing=None,
    ip_hash: str = "",
):
    """Find whom the draft is aimed at and which open shields stand between its author and them (``editing``: the
    stored comment this draft replaces, if it is an edit)."""
    key = author_key_for(author, email_hash, ip_hash)
    found, member_ids = _find_targets(text, author=author, reply_to=reply_to, post=post)
    targets = tuple(found)
    if not targets:
        return AimedDraft(author_key=key)
    target_keys = [t.key for t in targets]
    knows = _known_targets(key, author, target_keys, now=now, editing=editing)
    shields = open_shields(target_keys, now)
    shielded = tuple(
        ShieldedTarget(key=t.key, label=shields[t.key].target_label, reasons=t.reasons)
        for t in targets
        if t.key in shields and t.key not in knows
    )
    return AimedDraft(
        author_key=key,
        targets=targets,
        knows=frozenset(knows),
        first_comment=approved_comments == 0,
        account_created=author.date_joined if author is not None else None,
        shielded=shielded,
        member_ids=member_ids,
    )


def _find_targets(text: str, *, author, reply_to, post) -> tuple[list[Target], dict[str, int]]:
    """The targets, and the member id behind each ``member:`` key among them."""
    register = site_register()
    member_ids = dict(register.member_ids)
    replied = None
    if reply_to is not None and reply_to.author_id is not None:
        replied = RepliedTo(str(reply_to.number or reply_to.pk), reply_to.author.get_username())
        member_ids[member_key(replied.author)] = reply_to.author_id
    post_author = ""
    if post is not None and not post.guest_author_name:
        post_author = post.author.get_username()
        member_ids[member_key(post_author)] = post.author_id
    mentioned = mentioned_usernames(text)
    users = get_user_model().objects.filter(username__in=mentioned) if mentioned else []
    members = {user.username: user.pk for user in users}
    member_ids.update({member_key(name): pk for name, pk in members.items()})
    targets = find_targets(
        text,
        author=author.get_username() if author is not None else "",
        reply_to=replied,
        register=register.register,
        members=set(members),
        post_author=post_author,
    )
    return targets, {t.key: member_ids[t.key] for t in targets if t.key in member_ids}


def _known_targets(author_key: str, author, target_keys: list[str], *, now: datetime, editing=None) -> set[str]:
    """The targets the author has a prior approved exchange with.

    The author's published, *non-hostile* comment aimed at the target (a pile-on's own insults are no history);
    the target's published, non-hostile comment aimed at the author from before the detector's window (so a
    "please stop" written during a pile-on does not let its author through); or the target follows the author.
    The comment being edited is not its own history.
    """
    exchange = Q(comment__status=Status.PUBLISHED, hostile=False) & ~Q(comment=editing)
    forward = AimedComment.objects.filter(exchange, author_key=author_key, target_key__in=target_keys)
    settled = now - DEFAULT_THRESHOLDS.window
    backward = AimedComment.objects.filter(exchange, target_key=author_key, author_key__in=target_keys, at__lt=settled)
    known = set(forward.values_list("target_key", flat=True)) | set(backward.values_list("author_key", flat=True))
    member_targets = [key.removeprefix("member:") for key in target_keys if key.startswith("member:")]
    if author is not None and member_targets:
        followers = Follow.objects.filter(followed=author).values_list("follower__username", flat=True)
        known |= {member_key(name) for name in followers} & set(target_keys)
    return known


def record_aims(comment, aimed: AimedDraft, *, hostility: tuple[str, ...], text: str) -> list[AimedComment]:
    """Store one row per target of the stored ``comment`` (replacing an edited comment's rows); ``hostility`` is
    why it is hostile (empty: it is not)."""
    still_hidden = set()
    if comment.edited_at is not None:
        replaced = AimedComment.objects.filter(comment=comment)
        still_hidden = set(replaced.filter(collapsed=True).values_list("target_key", flat=True))
        replaced.delete()
    if not aimed.targets:
        return []
    against = {t.key for t in hostile_targets(text, aimed.targets)} if hostility else set()
    held_by = {shielded.key for shielded in aimed.shielded} if comment.status == Status.HELD else set()
    rows = [
        AimedComment(
            comment=comment,
            target_key=t.key,
            target_label=t.name,
            target_member_id=aimed.member_ids.get(t.key),
            why="; ".join(t.reasons)[:200],
            hostile=t.key in against,
            author_key=aimed.author_key,
            author_first_comment=aimed.first_comment,
            author_joined=aimed.account_created,
            author_knows_target=t.key in aimed.knows,
            collapsed=t.key in still_hidden,  # an edit does not lift what a shield hid: a moderator does
            held_by_shield=t.key in held_by,
            at=comment.created_at,
        )
        for t in aimed.targets
    ]
    return AimedComment.objects.bulk_create(rows)


def hostility_for(text: str, context: ModerationContext) -> tuple[str, ...]:
    """Why the stored text is hostile to whom it is aimed at (empty: it is not), from the pipeline's own scorers
    (the model's answer for this text is already cached; a model that cannot score counts as no scores)."""
    try:
        scores = context.scorer.score(text) if context.scorer is not None else None
    except ScorerUnavailable:
        scores = None
    findings = context.personal_data.find(text) if context.personal_data is not None else []
    return hostility_reasons(text, scores, findings)
