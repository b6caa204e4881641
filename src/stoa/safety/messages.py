"""What pile-on defence tells people, in plain words: the shielded member, and the moderators."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from stoa.moderation.models import Notification
from stoa.moderation.notifications import Message
from stoa.safety.models import RemovalRequest, Shield

SHIELD_KIND = Notification.Kind.SHIELD
REMOVAL_KIND = Notification.Kind.REMOVAL_REQUEST


def _moment(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%d %B %Y, %H:%M} UTC"


def _until(shield: Shield) -> str:
    if shield.ends_at is None:
        return "until you end it"
    return f"until {shield.ends_at.astimezone(dt.UTC):%d %B %Y, %H:%M} UTC"


def shield_opened_for_target(shield: Shield) -> Message:
    """To the member a pile-on alert shielded: what we noticed, what the shield does, what they can do."""
    held = len(shield.alert.get("comments", []))
    return Message(
        kind=SHIELD_KIND,
        subject="We have turned on a shield for you",
        body=(
            f"Many people you have no history with started writing to or about you, {held} comment(s) of them "
            f"hostile, in a short time. We have turned on a shield {_until(shield)}: new comments aimed at you "
            "from people without earlier approved exchanges with you wait for review, and the hostile comments "
            "already published are hidden from readers until a moderator has looked at them. "
            "You can review what is waiting, extend the shield or end it."
        ),
        link=reverse("safety:later"),
    )


def shield_opened_for_moderators(shield: Shield) -> Message:
    """To every moderator: who is shielded, why (the detector's numbers), and where to review."""
    reasons = shield.reason or "opened by hand"
    return Message(
        kind=SHIELD_KIND,
        subject=f"Shield opened for {shield.target_label}",
        body=f"A shield is open for {shield.target_label} {_until(shield)}.\nWhy: {reasons}",
        link=reverse("safety:shield", args=[shield.pk]),
    )


def removal_for_author(request: RemovalRequest) -> Message:
    """To the author: someone shown or named asks privately for a change, and by when to answer."""
    subject = f"the post “{request.post.title}”" if request.post_id else "your comment"
    return Message(
        kind=REMOVAL_KIND,
        subject=f"A private request about {subject} ({request.receipt})",
        body=(
            f"{request.requester_name} is shown or named in {subject} and asks you privately for a change "
            f"({request.get_what_display().lower()}).\nWhy: {request.why}\nThey ask: {request.change_asked}\n\n"
            f"Please answer before {request.deadline:%d %B %Y, %H:%M} UTC: edit it, remove it, or decline with an "
            "answer. If you decline or don't answer, the moderators decide."
        ),
        link=reverse("safety:removal_mine"),
    )


def removal_status_for_requester(request: RemovalRequest) -> Message:
    """To a requester with an account: their request's new state (never who moderated)."""
    return Message(
        kind=REMOVAL_KIND,
        subject=f"Your removal request {request.receipt}: {request.get_state_display().lower()}",
        body=f"Your request is now: {request.get_state_display()}.",
        link=reverse("safety:removal_status", args=[request.receipt]),
    )


def removal_for_moderators(request: RemovalRequest) -> Message:
    """To moderators: a request their author declined or left unanswered, or one sent straight to them (and why)."""
    because = f" ({request.escalated_because})" if request.escalated_because else ""
    return Message(
        kind=REMOVAL_KIND,
        subject=f"Removal request {request.receipt} needs a decision",
        body=f"{request.get_state_display()}{because}. About: {request.get_what_display().lower()}.",
        link=reverse("safety:removal_queue"),
    )


def shield_lifted_for_target(shield: Shield) -> Message:
    """To the member whose shield ran out: it is off, what that means, and what they can do."""
    return Message(
        kind=SHIELD_KIND,
        subject="Your shield has lifted",
        body=(
            f"The shield that protected you since {_moment(shield.opened_at)} ran out on {_moment(shield.ends_at)}. "
            "Comments aimed at you now reach you as usual again; the comments it held stay held until they are "
            "reviewed. If it starts again, you can turn your own shield on at any time, or ask the moderators."
        ),
        link=reverse("safety:my_shield"),
    )


def shield_lifted_for_moderators(shield: Shield) -> Message:
    """To every moderator: whose shield ran out, and where to look if the pile-on goes on."""
    return Message(
        kind=SHIELD_KIND,
        subject=f"Shield for {shield.target_label} has lifted",
        body=(
            f"The shield for {shield.target_label}, open since {_moment(shield.opened_at)}, ran out on "
            f"{_moment(shield.ends_at)}. Comments it held stay in the queue. Open a new one if the pile-on goes on."
        ),
        link=reverse("safety:shield", args=[shield.pk]),
    )
