"""Opening, extending and ending shields: each one function with a permission check and an audit event.

A shield protects one target (a member, or a person who is only named) for a set time: while it is open, new
comments aimed at them from people without prior approved exchanges with them are held ("shield for X"). The
detector opens one on a pile-on alert; a moderator can open, extend or end any; a member can open one on
themselves at any time (Instagram's Limits) and extend or end their own. When a shield runs out, ``stoa tick``
(``announce_lifted_shields``) tells the member and the moderators, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from stoa.detection.pileon import DEFAULT_THRESHOLDS
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.safety.models import AimedComment, Shield

SHIELD_REASON_PREFIX = "shield for "


shield_opened = Signal()
"""Sent after the transaction that opened a shield commits; ``shield``: the new shield (receivers tell people)."""

shield_lifted = Signal()
"""Sent after a shield that ran out was marked as announced; ``shield``: that shield (receivers tell people)."""


class ShieldAlreadyEnded(ValueError):
    """The shield was ended or has run out: open a new one instead."""


def shield_duration() -> timedelta:
    return timedelta(seconds=settings.CONFIG.shield_duration)


def open_shields(target_keys: Iterable[str], now: datetime) -> dict[str, Shield]:
    """The open shield of each of ``target_keys`` that has one (one query)."""
    keys = list(dict.fromkeys(target_keys))
    if not keys:
        return {}
    shields = Shield.objects.filter(target_key__in=keys, ended_at__isnull=True).order_by("opened_at")
    return {s.target_key: s for s in shields if s.is_open(now)}


def may_manage(user, shield: Shield) -> bool:
    """Moderators manage every shield; a member manages the shields that protect them."""
    if not user.is_authenticated:
        return False
    return user.has_perm(MODERATE_PERMISSION) or (shield.member_id is not None and shield.member_id == user.pk)


def open_shield(
    target_key: str,
    target_label: str,
    *,
    origin: str,
    reason: str,
    member=None,
    by=None,
    alert: dict | None = None,
    lasts: timedelta | None = None,
    now: datetime | None = None,
) -> Shield:
    """Open a shield on ``target_key``, or return the one already open (a second alert does not open another).

    ``lasts=None`` means the site's default duration, except for a member's own shield, which stays until ended.
    """
    now = now or timezone.now()
    _check_may_open(by, origin, member)
    current = open_shields([target_key], now).get(target_key)
    if current is not None:
        return current
    if lasts is None and origin != Shield.Origin.SELF:
        lasts = shield_duration()
    try:
        with transaction.atomic():
            _close_run_out(target_key, now)
            shield = Shield.objects.create(
                target_key=target_key,
                target_label=target_label,
                member=member,
                origin=origin,
                reason=reason,
                alert=alert or {},
                opened_by=by,
                opened_at=now,
                ends_at=now + lasts if lasts else None,
            )
            record_event("shield.opened", shield, at=now, actor=by, reasons=[reason], data=_shield_data(shield))
            collapse_hostile_comments(target_key, since=now - DEFAULT_THRESHOLDS.window)
            transaction.on_commit(lambda: shield_opened.send(Shield, shield=shield))
    except IntegrityError:  # another worker opened one a moment ago
        return Shield.objects.get(target_key=target_key, ended_at__isnull=True)
    return shield


def _close_run_out(target_key: str, now: datetime) -> None:
    """Mark the target's shields that ran out as ended when they did (only one unended shield per target)."""
    Shield.objects.filter(target_key=target_key, ended_at__isnull=True, ends_at__lte=now).update(ended_at=F("ends_at"))


def extend_shield(shield: Shield, *, by, lasts: timedelta, now: datetime | None = None) -> Shield:
    """Push the end of an open shield back by ``lasts`` from now (or from its current end, if later)."""
    now = now or timezone.now()
    _check_may_manage(by, shield)
    with transaction.atomic():
        shield = Shield.objects.select_for_update().get(pk=shield.pk)
        if not shield.is_open(now):
            raise ShieldAlreadyEnded(f"The shield for {shield.target_label} has ended: open a new one.")
        if shield.ends_at is None:
            raise ShieldAlreadyEnded("This shield stays on until it is ended: there is nothing to extend.")
        start = max(now, shield.ends_at)
        shield.ends_at = start + lasts
        shield.save(update_fields=["ends_at"])
        record_event("shield.extended", shield, at=now, actor=by, data=_shield_data(shield))
    return shield


def end_shield(shield: Shield, *, by, reason: str = "", now: datetime | None = None) -> Shield:
    """End an open shield now; comments it held stay held until someone reviews them."""
    now = now or timezone.now()
    _check_may_manage(by, shield)
    with transaction.atomic():
        shield = Shield.objects.select_for_update().get(pk=shield.pk)
        if not shield.is_open(now):
            raise ShieldAlreadyEnded(f"The shield for {shield.target_label} has already ended.")
        shield.ended_at = now
        shield.ended_by = by
        shield.save(update_fields=["ended_at", "ended_by"])
        record_event("shield.ended", shield, at=now, actor=by, reasons=[reason] if reason else [])
    return shield


def _check_may_open(by, origin: str, member) -> None:
    if origin == Shield.Origin.ALERT:
        return
    if by is None or not by.is_authenticated:
        raise PermissionDenied("Sign in to open a shield.")
    if origin == Shield.Origin.SELF and (member is None or member.pk != by.pk):
        raise PermissionDenied("Members can open a shield only on themselves.")
    if origin == Shield.Origin.MODERATOR and not by.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can open a shield on someone else.")


def _check_may_manage(by, shield: Shield) -> None:
    if by is None or not may_manage(by, shield):
        raise PermissionDenied("Only moderators and the shielded member can change this shield.")


def _shield_data(shield: Shield) -> dict:
    return {
        "target": shield.target_key,
        "origin": shield.origin,
        "ends_at": shield.ends_at.isoformat() if shield.ends_at else None,
    }


def show_again(comment, *, moderator, now: datetime | None = None) -> int:
    """A moderator reviewed a published comment a shield hid from readers and keeps it up: show it again."""
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can do this.")
    now = now or timezone.now()
    with transaction.atomic():
        shown = AimedComment.objects.filter(comment=comment, collapsed=True).update(collapsed=False)
        if shown:
            record_event("shield.comment_shown", comment, at=now, actor=moderator)
    return shown


def collapse_hostile_comments(target_key: str, *, since: datetime) -> int:
    """Hide from readers, pending review, the published hostile comments aimed at the target since ``since``."""
    hostile = AimedComment.objects.filter(
        target_key=target_key, hostile=True, at__gte=since, comment__status=Status.PUBLISHED, collapsed=False
    )
    return hostile.update(collapsed=True)


def ran_out_unannounced(now: datetime):
    """Shields that ran out by ``now`` (not ended by a person) whose member and moderators were not told yet."""
    return Shield.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=F("ends_at")),  # unended, or closed at its end on a new opening
        ends_at__lte=now,
        ended_by__isnull=True,
        lifted_notice_sent_at__isnull=True,
    ).order_by("ends_at", "pk")


def announce_lifted_shields(now: datetime | None = None) -> list[Shield]:
    """Tell, once, the member (if any) and the moderators that each shield that ran out has lifted; returns them.

    Each shield is claimed by setting ``lifted_notice_sent_at`` where it is still empty, so two runs at once tell
    people once; the claim and a ``shield.lifted`` audit event are one transaction, and the telling (a task) runs
    after it commits. A shield a person ended is not announced: they ended it.
    """
    now = now or timezone.now()
    announced = []
    for shield in ran_out_unannounced(now):
        with transaction.atomic():
            claimed = Shield.objects.filter(pk=shield.pk, lifted_notice_sent_at__isnull=True)
            if not claimed.update(lifted_notice_sent_at=now):
                continue  # another run told them a moment ago
            shield.lifted_notice_sent_at = now
            record_event("shield.lifted", shield, at=now, reasons=["it ran out"], data=_shield_data(shield))
            transaction.on_commit(lambda lifted=shield: shield_lifted.send(Shield, shield=lifted))
        announced.append(shield)
    return announced
