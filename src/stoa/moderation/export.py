"""A member's moderation data for "Export my data": their appeals and their inbox (never who decided)."""

from __future__ import annotations

from stoa.moderation.models import Appeal, Notification
from stoa.people.services import export_time


def moderation_export(member) -> dict:
    appeals = Appeal.objects.filter(appellant=member).order_by("created_at")
    notifications = Notification.objects.filter(recipient=member).order_by("created_at", "id")
    return {
        "appeals": [
            {
                "text": a.text,
                "status": a.status,
                "outcome_reason": a.outcome_reason,
                "created_at": export_time(a.created_at),
                "decided_at": export_time(a.decided_at),
            }
            for a in appeals
        ],
        "notifications": [
            {"kind": n.kind, "subject": n.subject, "body": n.body, "created_at": export_time(n.created_at)}
            for n in notifications
        ],
    }
