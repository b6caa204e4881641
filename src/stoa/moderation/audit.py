"""Writing to the append-only audit log. Call inside the transaction that makes the change it records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import models

from stoa.moderation.models import AuditEvent


def record_event(
    action: str,
    target: models.Model,
    *,
    at: datetime,
    actor=None,
    reasons: Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: ``actor`` is a user, or ``None`` for the pipeline."""
    return AuditEvent.objects.create(
        at=at,
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "pipeline",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        reasons=list(reasons),
        data=dict(data or {}),
    )
