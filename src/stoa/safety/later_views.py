"""The later folder on the web: a member (or a helper they chose) reviews comments their shield held."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from stoa.discussion.models import Comment
from stoa.moderation.models import Report
from stoa.moderation.reports import ReportRefused
from stoa.safety.later import (
    NotForLater,
    approve_later,
    helps,
    hide_later,
    later_comments,
    report_later,
)

_DONE = {"approve": "published", "hide": "hidden", "report": "reported to the moderators"}


def _member(request: HttpRequest, username: str | None):
    member = request.user if username is None else get_object_or_404(get_user_model(), username=username)
    if not helps(request.user, member):
        raise PermissionDenied("Only the member and the helpers they chose can review this later folder.")
    return member


@login_required
def later(request: HttpRequest, username: str | None = None) -> HttpResponse:
    """The comments only a shield holds for the member, oldest first."""
    member = _member(request, username)
    items = later_comments(member)
    context = {"member": member, "items": items, "categories": Report.Category.choices, "own": member == request.user}
    return render(request, "safety/later.html", context)


@require_POST
@login_required
def later_act(request: HttpRequest, username: str, comment_id: int, action: str) -> HttpResponse:
    """Approve, hide or report one comment of the folder; a refusal says why."""
    member = _member(request, username)
    comment = get_object_or_404(Comment, pk=comment_id)
    try:
        if action == "approve":
            approve_later(comment, member=member, by=request.user)
        elif action == "hide":
            hide_later(comment, member=member, by=request.user)
        elif action == "report":
            category = request.POST.get("category", "")
            if category not in Report.Category.values:
                raise ReportRefused("Choose what kind of problem this is.")
            report_later(comment, member=member, by=request.user, category=category, text=request.POST.get("text", ""))
        else:
            raise NotForLater(f"Unknown action “{action}”: approve, hide or report.")
    except (NotForLater, ReportRefused) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Comment {_DONE[action]}.")
    if member == request.user:
        return redirect("safety:later")
    return redirect("safety:later_for", username=member.get_username())
