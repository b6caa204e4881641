"""Gate: members' own controls. Nobody replies to or @mentions a member who blocked them or who is dormant, and a
dormant member does not comment until they come back.

For a block the refusal says only that the writer can't reply to or mention that member, as Twitter's "You
can't reply to this conversation" does: never "you are blocked", which would invite the blocked to find another
way in. Dormancy is public (the profile says so), so it is named.
Reads only ``context.member_controls``, filled by ``stoa.people.addressing``.
"""

from __future__ import annotations

from stoa.moderation.context import MemberControls, ModerationContext
from stoa.moderation.decisions import Refusal, Signal

PHASE = "member_controls"


def check_member_controls(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Refusal | None:
    controls = context.member_controls
    if controls.writer_dormant:
        return Refusal(
            "writer_dormant", "You are dormant. Come back (People settings) before you comment again.", PHASE
        )
    return _reply_refusal(controls) or _mention_refusal(controls)


def _reply_refusal(controls: MemberControls) -> Refusal | None:
    member = controls.reply_to
    if member in controls.dormant:
        return Refusal("reply_not_allowed", "This member is dormant and is not taking replies.", PHASE)
    if member in controls.blocked_by:
        return Refusal("reply_not_allowed", "You can't reply to this member.", PHASE)
    return None


def _mention_refusal(controls: MemberControls) -> Refusal | None:
    for member, username in controls.mentioned.items():
        if member in controls.dormant:
            return Refusal("mention_not_allowed", f"@{username} is dormant and can't be mentioned.", PHASE)
        if member in controls.blocked_by:
            return Refusal("mention_not_allowed", f"You can't mention @{username}.", PHASE)
    return None
