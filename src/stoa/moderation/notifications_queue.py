"""Telling moderators when the pending queue passes a size (``STOA_QUEUE_ALERT_SIZE``) or its oldest comment an
age (``STOA_QUEUE_ALERT_AGE``), without flooding them.

Each limit is an alert that is *raised* when the queue crosses it and *cleared* when the queue is back under it:
one crossing sends one alert, and a new crossing sends another only ``ALERT_INTERVAL`` after the last (a queue
bobbing around its limit sends at most one an hour). The check runs after a comment is held (at submission, after
an edit, or hidden by reports) and from ``stoa tick``; a site with a real task worker can also schedule
``tasks.check_pending_queue``.

The two alert rows are global, so the check reads them without a lock and locks one only to flip it (raise or
clear), checking again under the lock: comments held at once on several workers do not queue up behind each other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Min

from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.models import Notification, QueueAlert
from stoa.moderation.notifications import deliver_to_all
from stoa.moderation.notifications_messages import queue_alert
from stoa.moderation.queue import pending_comments

ALERT_INTERVAL = timedelta(hours=1)


def moderators():
    """Every active account that may moderate comments (by role, own permission, or as a superuser)."""
    return get_user_model().objects.with_perm(MODERATE_PERMISSION, is_active=True)


def check_pending_queue(now: datetime) -> list[Notification]:
    """Compare the pending queue with both limits; tell moderators about the limits just crossed."""
    stats = pending_comments().order_by().aggregate(size=Count("id"), oldest=Min("created_at"))
    size_limit, age_limit = settings.CONFIG.queue_alert_size, settings.CONFIG.queue_alert_age
    waited = now - stats["oldest"] if stats["oldest"] else None
    over_size = bool(size_limit) and stats["size"] >= size_limit
    over_age = bool(age_limit) and waited is not None and waited >= timedelta(seconds=age_limit)
    size_crossed = _crossed(QueueAlert.Kind.SIZE, over_size, now)
    age_crossed = _crossed(QueueAlert.Kind.AGE, over_age, now)
    if not (size_crossed or age_crossed):
        return []
    message = queue_alert(
        size=stats["size"] if size_crossed else None,
        size_limit=size_limit,
        waited=waited if age_crossed else None,
        age_limit=age_limit,
    )
    return deliver_to_all(moderators(), message, now=now)


def _crossed(kind: str, over: bool, now: datetime) -> bool:
    """Record whether the queue is over this limit; ``True`` when that is news moderators should get now."""
    if not _flips(QueueAlert.objects.filter(kind=kind).first(), over, now):  # the usual case: nothing to change
        return False
    with transaction.atomic():
        alert, _ = QueueAlert.objects.select_for_update().get_or_create(kind=kind)
        if not _flips(alert, over, now):  # another worker flipped it meanwhile
            return False
        if not over:
            alert.raised = False
            alert.save(update_fields=["raised"])
            return False
        alert.raised, alert.last_sent_at = True, now
        alert.save(update_fields=["raised", "last_sent_at"])
        return True


def _flips(alert: QueueAlert | None, over: bool, now: datetime) -> bool:
    """Whether the alert changes: a raised one clears once the queue is back under; an over-limit queue raises one
    not raised yet, at least ``ALERT_INTERVAL`` after the last (no row yet: never raised)."""
    if not over:
        return alert is not None and alert.raised
    if alert is None:
        return True
    return not alert.raised and (alert.last_sent_at is None or now - alert.last_sent_at >= ALERT_INTERVAL)
