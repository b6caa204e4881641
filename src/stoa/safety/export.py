"""A member's pile-on defence data for "Export my data": shields on them, their helpers, their removal requests."""

from __future__ import annotations

from stoa.people.services import export_time
from stoa.safety.models import RemovalRequest, Shield, ShieldHelper


def safety_export(member) -> dict:
    """Shields that protected them (why, when), whom they chose as helpers and whom they help, and the removal
    requests they filed (receipt, what, state, answers; never who moderated)."""
    shields = Shield.objects.filter(member=member)
    requests = RemovalRequest.objects.filter(requester=member)
    return {
        "shields": [
            {
                "origin": s.origin,
                "reason": s.reason,
                "opened_at": export_time(s.opened_at),
                "ends_at": export_time(s.ends_at),
                "ended_at": export_time(s.ended_at),
            }
            for s in shields
        ],
        "shield_helpers": list(ShieldHelper.objects.filter(member=member).values_list("helper__username", flat=True)),
        "helping": list(ShieldHelper.objects.filter(helper=member).values_list("member__username", flat=True)),
        "removal_requests": [
            {
                "receipt": r.receipt,
                "what": r.what,
                "why": r.why,
                "change_asked": r.change_asked,
                "state": r.state,
                "author_answer": r.author_answer,
                "moderator_answer": r.moderator_answer,
                "created_at": export_time(r.created_at),
            }
            for r in requests
        ],
    }
