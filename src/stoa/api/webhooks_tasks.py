"""Sending webhook deliveries as Django tasks (``django.tasks``, backend ``STOA_TASKS_BACKEND``).

``dispatch`` records an event's deliveries and enqueues one ``deliver_webhook`` per delivery once the transaction
commits, so the first try is made at once (the immediate backend) or as soon as a worker is free (a queue). A try
that may pass later is retried after its wait: a backend that can defer gets the retry enqueued for then; with
the immediate backend (which cannot), ``stoa tick`` sends what is due. Both claim a delivery before sending, so a
retry enqueued *and* picked up by the tick is still sent once.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from stoa.api import webhooks
from stoa.api.models import DeliveryStatus, Webhook, WebhookDelivery


@task
def deliver_webhook(delivery_id: int) -> str:
    """One try of one delivery, if it is due and nobody else is trying it; returns its status (or "not due")."""
    delivery = webhooks.attempt(delivery_id, now=timezone.now())
    if delivery is None:
        return "not due"
    if delivery.status == DeliveryStatus.PENDING and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status


@task
def send_due_webhooks() -> int:
    """Every delivery that is due (retries, and first tries a queue lost); for a scheduler. Returns how many."""
    return sum(webhooks.send_due(now=timezone.now()).values())


def dispatch(event: str, data: dict, *, to: list[Webhook] | None = None) -> list[WebhookDelivery]:
    """Record ``event`` for every active webhook that chose it (or for ``to``), and send each after commit."""
    deliveries = webhooks.record_event(event, data, webhooks=to)
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))
    return deliveries
