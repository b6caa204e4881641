"""The moderators' pages: the queue of held comments, the approve / reject / spam buttons (one or a selection), and
the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stoa.discussion.models import Comment
from stoa.discussion.nudges import nudge_revision_rate
from stoa.moderation.actions import MODERATE_PERMISSION, approve_comment, mark_spam, reject_comment
from stoa.moderation.audit_export import AuditRangeError, as_csv, as_json, events_between, latest_events, parse_range
from stoa.moderation.highlighting import marked_text, score_bars
from stoa.moderation.history import author_histories, history_key
from stoa.moderation.queue import earlier_comments, pending_comments
from stoa.moderation.transitions import IllegalTransition

NUDGE_PERIOD = timedelta(days=30)
ACTIONS = {"approve": approve_comment, "reject": reject_comment, "spam": mark_spam}
EXPORT_FORMATS = {"json": (as_json, "application/json"), "csv": (as_csv, "text/csv")}
_DONE = {"approve": "approved and published", "reject": "rejected", "spam": "marked as spam"}


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(pending_comments(), 25).get_page(request.GET.get("page"))
    histories = author_histories(page)
    items = [
        (comment, earlier_comments(comment), _review(comment), histories.get(history_key(comment))) for comment in page
    ]
    nudges = nudge_revision_rate(timezone.now() - NUDGE_PERIOD)
    return render(request, "moderation/queue.html", {"page": page, "items": items, "nudges": nudges})


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


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def bulk_act(request: HttpRequest) -> HttpResponse:
    """Approve, reject or mark spam every selected comment, each in its own transaction; say what was refused."""
    decide = ACTIONS.get(action := request.POST.get("action", ""))
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    if decide is None or not ids:
        messages.error(request, "Select at least one comment and choose approve, reject or spam.")
        return redirect("moderation:queue")
    reason = request.POST.get("reason", "").strip()[:500]
    done, refused = 0, []
    for comment in Comment.objects.filter(pk__in=ids).order_by("pk"):
        try:
            decide(comment, moderator=request.user, reason=reason)
        except IllegalTransition as error:
            refused.append(f"comment {comment.pk} by {comment.author_name}: {error}")
        else:
            done += 1
    _report_bulk(request, action, done, refused)
    return redirect("moderation:queue")


def _report_bulk(request: HttpRequest, action: str, done: int, refused: list[str]) -> None:
    if done:
        messages.success(request, f"{done} comment{'s' if done != 1 else ''} {_DONE[action]}.")
    if refused:
        messages.error(request, f"{len(refused)} refused: " + "; ".join(refused))


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def audit(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/audit.html", {"events": latest_events(100)})


@permission_required(MODERATE_PERMISSION, raise_exception=True)
def audit_export(request: HttpRequest) -> HttpResponse:
    """Download the audit log for ``since``..``until`` (inclusive days, UTC) as ``format`` = json (default) or csv."""
    chosen = request.GET.get("format") or "json"
    if chosen not in EXPORT_FORMATS:
        return _bad_request(f"format must be json or csv, not {chosen!r}.")
    try:
        since, until = parse_range(request.GET.get("since"), request.GET.get("until"))
    except AuditRangeError as error:
        return _bad_request(str(error))
    write, content_type = EXPORT_FORMATS[chosen]
    response = HttpResponse(content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stoa-audit-{since or "start"}-{until or "now"}.{chosen}"'
    write(events_between(since, until), response)
    return response


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
