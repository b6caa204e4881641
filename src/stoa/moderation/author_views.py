"""The queue's "Author" form: warn, suspend, ban or pre-moderate a comment's author, or reject all they have held,
optionally citing one of the community rules."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from stoa.discussion.models import Comment
from stoa.moderation.actions import (
    MODERATE_PERMISSION,
    IllegalSanction,
    ban_author,
    premoderate_author,
    reject_pending_comments,
    suspend_author,
    warn_author,
)
from stoa.moderation.community_rules import RuleNotCitable, citable_rule
from stoa.moderation.queue_options import queue_url
from stoa.moderation.transitions import IllegalTransition
from stoa.moderation.views import bad_queue_request

# The form's choices: value → (the action, what the confirmation says was done).
AUTHOR_ACTIONS = {
    "warn": (warn_author, "warned"),
    "suspend_24h": (partial(suspend_author, period="24h"), "suspended for 24 hours"),
    "suspend_72h": (partial(suspend_author, period="72h"), "suspended for 72 hours"),
    "suspend_7d": (partial(suspend_author, period="7d"), "suspended for 7 days"),
    "suspend_30d": (partial(suspend_author, period="30d"), "suspended for 30 days"),
    "ban": (ban_author, "banned"),
    "premoderate": (premoderate_author, "put on pre-moderation"),
    "reject_pending": (reject_pending_comments, "had all held comments rejected"),
}


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def author_action(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Apply the chosen measure to the author of ``comment_id`` (members only: a guest has no account to sanction)."""
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=comment_id)
    chosen = AUTHOR_ACTIONS.get(request.POST.get("action", ""))
    if comment.author is None or chosen is None:
        messages.error(request, "Choose an action for a member's comment; guests cannot be sanctioned.")
        return redirect(queue_url(request.POST.get("back", "")))
    act, done = chosen
    try:
        reason = request.POST.get("reason", "").strip()[:2000]
        rule = citable_rule(request.POST.get("rule"))
        act(comment.author, moderator=request.user, reason=reason, comment=comment, rule=rule)
    except RuleNotCitable as error:
        return bad_queue_request(request, str(error))
    except (IllegalSanction, IllegalTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{comment.author_name} {done}.")
    return redirect(queue_url(request.POST.get("back", "")))
