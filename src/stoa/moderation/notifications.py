"""Delivering notifications: a row in the member's inbox, and the same text by email unless they turned it off.

Only members are notified: a guest's email address is stored hashed (``stoa.privacy``), so there is no address
to write to. ``deliver`` is called from background tasks (``stoa.moderation.tasks``), which run after the
transaction that made the change has committed; what each notification says is in ``notifications_messages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.utils import timezone

from stoa.moderation.models import EmailOptOut, Notification
from stoa.people.services import accepts_notifications


@dataclass(frozen=True)
class Message:
    """What to tell someone: ``kind`` (a ``Notification.Kind``), a one-line ``subject``, a plain-text ``body``
    and a ``link`` (a path on this site, or empty)."""

    kind: str
    subject: str
    body: str
    link: str = ""


def absolute_url(path: str) -> str:
    """``/inbox/`` → ``https://blog.example/inbox/`` (``STOA_SITE_URL``), for links in emails."""
    return settings.CONFIG.site_url.rstrip("/") + path if path.startswith("/") else path


def wants_email(member) -> bool:
    """Whether to email the member too: an active account with an address that has not turned email off."""
    return bool(member.is_active and member.email) and not EmailOptOut.objects.filter(member=member).exists()


def deliver(recipient, message: Message, *, now: datetime | None = None) -> Notification | None:
    """Put ``message`` in the recipient's inbox and, if they want it, send it by email; a dormant (or
    deactivated) member is told nothing (``None``)."""
    if not accepts_notifications(recipient):
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=message.kind,
        subject=message.subject[:200],
        body=message.body,
        link=message.link,
        created_at=now or timezone.now(),
    )
    if wants_email(recipient):
        _email(recipient, message)
    return notification


def deliver_to_all(recipients: Iterable, message: Message, *, now: datetime | None = None) -> list[Notification]:
    delivered = (deliver(recipient, message, now=now) for recipient in recipients)
    return [notification for notification in delivered if notification is not None]


def _email(recipient, message: Message) -> None:
    site = settings.CONFIG.site_name
    footer = f"You can read this in your inbox and turn these emails off there: {absolute_url('/inbox/')}"
    link = f"\n\n{absolute_url(message.link)}" if message.link else ""
    EmailMessage(
        subject=f"[{site}] {message.subject}",
        body=f"{message.body}{link}\n\n-- \n{footer}\n",
        to=[recipient.email],
    ).send()


def inbox(member) -> QuerySet[Notification]:
    """The member's notifications, newest first."""
    return Notification.objects.filter(recipient=member).order_by("-created_at", "-id")


def unread_count(member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def mark_read(notification: Notification, *, now: datetime | None = None) -> Notification:
    """Mark one notification read (once: the first reading time is kept)."""
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(member, *, now: datetime | None = None) -> int:
    """Mark every unread notification of the member read; returns how many."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    return unread.update(read_at=now or timezone.now())


def set_email_wanted(member, wanted: bool, *, now: datetime | None = None) -> None:
    """Turn the member's notification emails on or off; the inbox always gets every notification."""
    if wanted:
        EmailOptOut.objects.filter(member=member).delete()
    else:
        EmailOptOut.objects.get_or_create(member=member, defaults={"created_at": now or timezone.now()})
