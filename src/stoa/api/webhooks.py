"""Webhooks: a signed POST to the URLs admins registered, when a comment is held, published or rejected, a report is
filed or a shield is opened (``docs/webhooks.md`` is the receiver's side of this module).

An event makes one ``WebhookDelivery`` per active webhook that chose it, with the exact JSON body (``payload``);
``stoa.api.webhooks_tasks`` sends it once the transaction commits. A try:

1. **claims** the delivery with one conditional UPDATE (still pending, due, and its ``next_attempt_at`` moved a
   few minutes ahead, ``attempts`` + 1), so two workers or two ``stoa tick`` runs never send it twice;
2. POSTs the body through ``stoa.discussion.mention_fetch`` (public addresses only unless
   ``STOA_OUTBOUND_ALLOW_PRIVATE``, 5 s, redirects *not* followed for a POST), signed with the webhook's secret;
3. records the outcome: 2xx is delivered; a 3xx or a 4xx other than 408 and 429, or a refused address, is failed
   for good; no answer, a 5xx, 408 or 429 is tried again after ``BACKOFF`` (1 min, 5 min, 30 min, 2 h, 12 h:
   six tries in all), then given up.

Payloads carry only what the site shows or moderators act on: no emails or their hashes, no IP hashes, no model
scores, no reporter (nor a report's receipt, the reporter's own handle), no moderator names.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from stoa.api.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from stoa.discussion.mention_fetch import FetchFailed, FetchRefused, check_url, fetch
from stoa.moderation.decisions import Status

SECRET_PREFIX = "whsec_"  # noqa: S105 - the start of every secret, not a secret
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)  # the wait after the 1st, 2nd, ... failed try
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_LEASE = timedelta(minutes=5)  # a claimed try that never recorded its outcome (a crash) is due again after this
RETRY_CODES = frozenset({408, 429})
DUE_BATCH = 200  # deliveries tried per ``send_due`` call at most; the rest wait for the next run
USER_AGENT = "Stoa-Webhooks/1"

SIGNATURE_HEADER = "X-Stoa-Signature"
TIMESTAMP_HEADER = "X-Stoa-Timestamp"
EVENT_HEADER = "X-Stoa-Event"
DELIVERY_HEADER = "X-Stoa-Delivery"

COMMENT_EVENTS = {
    Status.HELD: WebhookEvent.COMMENT_HELD,
    Status.PUBLISHED: WebhookEvent.COMMENT_PUBLISHED,
    Status.REJECTED: WebhookEvent.COMMENT_REJECTED,
    Status.SPAM: WebhookEvent.COMMENT_REJECTED,  # the payload's status says which
}


class UnknownEvent(ValueError):
    """An event name that is not one of ``WebhookEvent``; the message lists the known ones."""


class InvalidWebhookUrl(ValueError):
    """Not an http(s) URL that deliveries could be sent to."""


# Registering ---------------------------------------------------------------------------------------------------


def parse_events(names: Iterable[str]) -> list[str]:
    """Event names checked against ``WebhookEvent``, without duplicates, in the order given; at least one."""
    known = [event.value for event in WebhookEvent]
    events = list(dict.fromkeys(name.strip().lower() for name in names if name.strip()))
    unknown = [name for name in events if name not in known]
    if unknown or not events:
        start = f"unknown event {', '.join(unknown)}" if unknown else "choose at least one event"
        raise UnknownEvent(f"{start} (known: {', '.join(known)})")
    return events


def check_webhook_url(url: str) -> str:
    """The URL, if it is http(s) with a host and no user name or password (where it points is checked per try)."""
    try:
        check_url(url.strip())
    except FetchRefused as error:
        raise InvalidWebhookUrl(str(error)) from error
    return url.strip()


def new_secret() -> str:
    """``whsec_`` and 32 random bytes (URL-safe base64)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def create_webhook(
    url: str, events: Iterable[str], *, created_by=None, active: bool = True, now: datetime | None = None
) -> tuple[Webhook, str]:
    """A new webhook; returns it and its secret (the caller shows the secret once)."""
    webhook = Webhook(url=check_webhook_url(url), events=parse_events(events), active=active, created_by=created_by)
    return webhook, issue_secret(webhook, now=now)


def issue_secret(webhook: Webhook, *, now: datetime | None = None) -> str:
    """Give a webhook (new or not) a new secret and save it; returns the secret. The old one stops working."""
    webhook.secret = new_secret()
    webhook.created_at = webhook.created_at or now or timezone.now()
    webhook.save()
    return webhook.secret


# Payloads ------------------------------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def absolute_url(path_or_url: str) -> str:
    """A site path as a full address (``STOA_SITE_URL`` + path); an address that is already full is kept."""
    if path_or_url.startswith("/"):
        return settings.CONFIG.site_url.rstrip("/") + path_or_url
    return path_or_url


def comment_data(comment, *, decided_by: str, previous: str | None = None) -> dict:
    """What a comment event says: public fields and the status, never the text's author details or scores."""
    thread = comment.thread
    return {
        "id": comment.pk,
        "number": comment.number,
        "kind": comment.kind,
        "status": str(comment.status),
        "previous_status": str(previous) if previous else None,
        "decided_by": decided_by,
        "thread": comment.thread_id,
        "post": thread.post_id,
        "parent": comment.parent_id,
        "permalink": absolute_url(comment.get_absolute_url()),
        "created_at": _iso(comment.created_at),
        "published_at": _iso(comment.published_at),
        "edited_at": _iso(comment.edited_at),
    }


def report_data(report) -> dict:
    """What a report event says: what is reported and why; never who reported it, their words, or the receipt."""
    comment = report.comment
    post_id = report.post_id or (comment.thread.post_id if comment is not None else None)
    if comment is not None:
        permalink = absolute_url(comment.get_absolute_url())
    else:
        permalink = absolute_url(report.post.get_absolute_url()) if report.post_id else None
    return {
        "id": report.pk,
        "category": report.category,
        "status": report.status,
        "subject": "comment" if report.comment_id else "post",
        "comment": report.comment_id,
        "post": post_id,
        "permalink": permalink,
        "created_at": _iso(report.created_at),
    }


def shield_data(shield) -> dict:
    return {
        "id": shield.pk,
        "target_label": shield.target_label,
        "origin": shield.origin,
        "opened_at": _iso(shield.opened_at),
        "ends_at": _iso(shield.ends_at),
    }


def record_event(event: str, data: dict, *, webhooks: Iterable[Webhook] | None = None, now: datetime | None = None):
    """One pending delivery per active webhook that chose ``event`` (or per webhook of ``webhooks``, for a test
    event), each with its full JSON body; returns them (the caller has them sent once its transaction commits)."""
    now = now or timezone.now()
    if webhooks is None:
        webhooks = [hook for hook in Webhook.objects.filter(active=True).order_by("id") if hook.wants(event)]
    deliveries = []
    with transaction.atomic():
        for webhook in webhooks:
            delivery = WebhookDelivery.objects.create(
                webhook=webhook, event=event, payload={}, created_at=now, next_attempt_at=now
            )
            delivery.payload = {"event": event, "id": delivery.pk, "created_at": _iso(now), "data": data}
            delivery.save(update_fields=["payload"])
            deliveries.append(delivery)
    return deliveries


def ping_data(webhook: Webhook) -> dict:
    return {"webhook": webhook.pk, "events": list(webhook.events), "message": "A test event sent from Stoa's admin."}


# Signing -------------------------------------------------------------------------------------------------------


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Hex HMAC-SHA256, keyed with the secret, of ``timestamp``, a dot, and the raw body."""
    return hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def delivery_headers(delivery: WebhookDelivery, secret: str, body: bytes, *, timestamp: int | None = None) -> dict:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: "sha256=" + signature(secret, stamp, body),
    }


# Sending -------------------------------------------------------------------------------------------------------


def claim(delivery_id: int, now: datetime) -> bool:
    """Take a due delivery for one try (a conditional UPDATE: of two callers, one gets it); counts the try."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + CLAIM_LEASE)
    return claimed == 1


def attempt(delivery_id: int, *, now: datetime | None = None, even_inactive: bool = False) -> WebhookDelivery | None:
    """One try of a due delivery; ``None`` when it is not due, not pending, gone, or someone else is trying it.

    A delivery for a webhook turned off meanwhile is not sent (failed), unless ``even_inactive`` (the admin's test).
    """
    now = now or timezone.now()
    if not claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    if not delivery.webhook.active and not even_inactive:
        return _record(delivery, DeliveryStatus.FAILED, error="The webhook was turned off before this was sent.")
    body = body_of(delivery)
    try:
        page = fetch(
            delivery.webhook.url,
            method="POST",
            body=body,
            headers=delivery_headers(delivery, delivery.webhook.secret, body),
        )
    except FetchRefused as refused:
        return _record(delivery, DeliveryStatus.FAILED, error=str(refused))
    except FetchFailed as failed:
        return _retry_or_give_up(delivery, now, code=None, error=str(failed))
    code = page.status
    if 200 <= code < 300:
        return _record(delivery, DeliveryStatus.DELIVERED, code=code, delivered_at=now)
    if code >= 500 or code in RETRY_CODES:
        return _retry_or_give_up(delivery, now, code=code, error=f"HTTP {code}")
    if 300 <= code < 400:
        error = f"HTTP {code}: redirects are not followed; register the final address."
    else:
        error = f"HTTP {code}: refused by the receiver, not retried."
    return _record(delivery, DeliveryStatus.FAILED, code=code, error=error)


def _retry_or_give_up(delivery: WebhookDelivery, now: datetime, *, code: int | None, error: str) -> WebhookDelivery:
    if delivery.attempts < MAX_ATTEMPTS:
        wait = BACKOFF[delivery.attempts - 1]
        return _record(delivery, DeliveryStatus.PENDING, code=code, error=error, next_attempt_at=now + wait)
    return _record(delivery, DeliveryStatus.GAVE_UP, code=code, error=f"{error} (try {delivery.attempts}, the last)")


def _record(
    delivery: WebhookDelivery,
    status: str,
    *,
    code: int | None = None,
    error: str = "",
    next_attempt_at: datetime | None = None,
    delivered_at: datetime | None = None,
) -> WebhookDelivery:
    """Store a try's outcome (an UPDATE, so a delivery deleted meanwhile is no error)."""
    fields = {
        "status": status,
        "last_response_code": code,
        "last_error": error[:300],
        "next_attempt_at": next_attempt_at,
        "delivered_at": delivered_at,
    }
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery


def due_deliveries(now: datetime):
    return WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)


def send_due(*, now: datetime | None = None) -> Counter:
    """Try every delivery that is due (first tries a queue never ran, retries); counts of the outcomes by status.

    Deliveries someone else claimed meanwhile are skipped (not counted)."""
    now = now or timezone.now()
    outcomes: Counter = Counter()
    ids = list(due_deliveries(now).order_by("next_attempt_at", "id").values_list("id", flat=True)[:DUE_BATCH])
    for delivery_id in ids:
        delivery = attempt(delivery_id, now=now)
        if delivery is not None:
            outcomes[delivery.status] += 1
    return outcomes
