"""The moderators' pages: the queue of held comments and the approve / reject / spam buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION, approve_comment, mark_spam, reject_comment
from stoa.moderation.highlighting import marked_text, score_bars
from stoa.moderation.queue import earlier_comments, pending_comments
from stoa.moderation.transitions import IllegalTransition

ACTIONS = {"approve": approve_comment, "reject": reject_comment, "spam": mark_spam}
_DONE = {"approve": "approved and published", "reject": "rejected", "spam": "marked as spam"}


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(pending_comments(), 25).get_page(request.GET.get("page"))
    items = [(comment, earlier_comments(comment), _review(comment)) for comment in page]
    return render(request, "moderation/queue.html", {"page": page, "items": items})


def _review(comment) -> dict:
    """What the queue shows of the latest decision: reasons, the marked text and the model's scores."""
    decision = comment.decision_history[0] if comment.decision_history else None
    if decision is None:
        return {"reasons": [], "marked": marked_text(comment.body, []), "bars": []}
    return {
        "reasons": decision.reasons,
        "marked": marked_text(comment.body, decision.highlights),
        "bars": score_bars(decision.scores),
    }


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    decide = ACTIONS.get(action)
    if decide is None:
        messages.error(request, f"Unknown action {action!r}: use approve, reject or spam.")
        return redirect("moderation:queue")
    try:
        decide(comment, moderator=request.user, reason=request.POST.get("reason", "").strip()[:500])
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Comment by {comment.author_name} {_DONE[action]}.")
    return redirect("moderation:queue")
