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
    """Append one event about a stored object: ``actor`` is a user, or ``None`` for the pipeline."""
    return append_event(
        action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        at=at,
        actor=actor,
        reasons=reasons,
        data=data,
    )


def append_event(
    action: str,
    *,
    target_type: str,
    target_id: str,
    at: datetime,
    actor=None,
    actor_label: str = "",
    reasons: Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event about anything, a stored object or not (an export of the log itself, say).

    ``actor_label`` names an actor without an account ("cli"); by default it is the actor's username, or
    "pipeline" when there is no actor.
    """
    return AuditEvent.objects.create(
        at=at,
        actor=actor,
        actor_label=actor_label or (actor.get_username() if actor is not None else "pipeline"),
        action=action,
        target_type=target_type,
        target_id=target_id,
        reasons=list(reasons),
        data=dict(data or {}),
    )
