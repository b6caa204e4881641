"""Content check: personal data (phone numbers, addresses, profile links) or threats against someone's home or
family hold a comment, with the reason "personal information" and the parts marked for the moderator."""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Highlight, Signal, Verdict

PHASE = "personal_data"
_LABELS = {
    "phone_number": "phone number",
    "email_address": "email address",
    "street_address": "street address",
    "postcode": "postcode",
    "profile_link": "link to a personal profile",
    "home_threat": "threat against someone's home or family",
}


def check_personal_data(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    if context.personal_data is None or not context.settings.hold_personal_data:
        return None
    findings = context.personal_data.find(context.text)
    if not findings:
        return None
    kinds = ", ".join(dict.fromkeys(_LABELS.get(f.type, f.type) for f in findings))
    highlights = tuple(Highlight(f.begin, f.end, f.type) for f in findings)
    return Signal(Verdict.REVIEW, f"personal information: {kinds}", PHASE, {}, highlights)
