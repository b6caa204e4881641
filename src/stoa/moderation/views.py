"""The moderators' pages: the queues (pending, reported, model-flagged, decided, shields) with sort and filters, the
approve / reject / spam buttons (one or a selection; a rejection or spam may cite a community rule),
edit-and-approve, and the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stoa.discussion.models import Comment
from stoa.discussion.nudges import nudge_revision_rate
from stoa.moderation.actions import (
    MODERATE_PERMISSION,
    InvalidEdit,
    approve_comment,
    edit_and_approve,
    mark_spam,
    reject_comment,
)
from stoa.moderation.audit_export import (
    AuditRangeError,
    as_csv,
    as_json,
    events_between,
    latest_events,
    parse_range,
    record_export,
)
from stoa.moderation.community_rules import RuleNotCitable, active_rules, citable_rule
from stoa.moderation.queue_items import queue_items, redacted_body
from stoa.moderation.queue_options import (
    QUEUES,
    SORT_LABELS,
    BadQueueRequest,
    QueueRequest,
    listing,
    queue_sizes,
    queue_url,
    read_queue_request,
)
from stoa.moderation.transitions import IllegalTransition

NUDGE_PERIOD = timedelta(days=30)
PAGE_SIZE = 25
ACTIONS = {"approve": approve_comment, "reject": reject_comment, "spam": mark_spam}
EXPORT_FORMATS = {"json": (as_json, "application/json"), "csv": (as_csv, "text/csv")}
_DONE = {"approve": "approved and published", "reject": "rejected", "spam": "marked as spam"}
NOTHING_TO_REDACT = (
    "No personal data is marked in this comment's text as it is now, so nothing was redacted or published: "
    "edit the text yourself, or decide otherwise."
)


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    """One queue (``?queue=pending|reported|flagged|decided|shields``), sorted and filtered as asked, 25 to a page."""
    try:
        asked = read_queue_request(request.GET)
    except BadQueueRequest as error:
        return bad_queue_request(request, str(error))
    page = Paginator(listing(asked), PAGE_SIZE).get_page(asked.page or None)
    context = {
        "asked": asked,
        "page": page,
        "items": queue_items(page),
        "tabs": _tabs(asked),
        "sorts": [(name, SORT_LABELS[name]) for name in asked.definition.sorts],
        "back": asked.querystring(page=str(page.number) if page.number > 1 else ""),
        "clear_url": asked.url(post=None, author="", reason="", page=""),
        "sort_label": SORT_LABELS[asked.sort],
        "previous_url": asked.url(page=str(page.number - 1)),
        "next_url": asked.url(page=str(page.number + 1)),
        "max_length": settings.CONFIG.comment_max_length,
        "nudges": nudge_revision_rate(timezone.now() - NUDGE_PERIOD),
        "rules": list(active_rules()),
    }
    return render(request, "moderation/queue.html", context)


def _tabs(asked: QueueRequest) -> list[dict]:
    """Each queue's tab: its name, size under the current filters, and link (keeping the filters, not the sort)."""
    sizes = queue_sizes(asked)
    return [
        {"name": name, "label": definition.label, "count": sizes[name], "url": _tab_url(asked, name)}
        for name, definition in QUEUES.items()
    ]


def _tab_url(asked: QueueRequest, name: str) -> str:
    return asked.url(queue=name, sort=QUEUES[name].sorts[0], page="")


def bad_queue_request(request: HttpRequest, message: str) -> HttpResponse:
    """400 with the sentence: as JSON for a client that asks for it, else the queue page with the message."""
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        return JsonResponse({"error": message}, status=400)
    return render(request, "moderation/queue.html", {"error": message, "asked": QueueRequest()}, status=400)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    """Return to the queue page the form was posted from: same queue, sort, filters and page."""
    return redirect(queue_url(request.POST.get("back", "")))


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    decide = ACTIONS.get(action)
    if decide is None:
        messages.error(request, f"Unknown action {action!r}: use approve, reject or spam.")
        return _back_to_queue(request)
    try:
        cited = _cited_rule(request, action)
        decide(comment, moderator=request.user, reason=request.POST.get("reason", "").strip()[:500], **cited)
    except RuleNotCitable as error:
        return bad_queue_request(request, str(error))
    except IllegalTransition as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Comment by {comment.author_name} {_DONE[action]}.")
    return _back_to_queue(request)


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def bulk_act(request: HttpRequest) -> HttpResponse:
    """Approve, reject or mark spam every selected comment, each in its own transaction; say what was refused."""
    decide = ACTIONS.get(action := request.POST.get("action", ""))
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    if decide is None or not ids:
        messages.error(request, "Select at least one comment and choose approve, reject or spam.")
        return _back_to_queue(request)
    reason = request.POST.get("reason", "").strip()[:500]
    try:
        cited = _cited_rule(request, action)
    except RuleNotCitable as error:
        return bad_queue_request(request, str(error))
    done, refused = 0, []
    for comment in Comment.objects.filter(pk__in=ids).order_by("pk"):
        try:
            decide(comment, moderator=request.user, reason=reason, **cited)
        except (IllegalTransition, RuleNotCitable) as error:  # a rule deactivated meanwhile refuses the rest
            refused.append(f"comment {comment.pk} by {comment.author_name}: {error}")
        else:
            done += 1
    _report_bulk(request, action, done, refused)
    return _back_to_queue(request)


def _cited_rule(request: HttpRequest, action: str) -> dict:
    """``{"rule": ...}`` for a rejection or a spam marking that cites an active rule (the form's ``rule``), else
    nothing; approving cites no rule, so the field is ignored for approve."""
    if action not in ("reject", "spam"):
        return {}
    rule = citable_rule(request.POST.get("rule"))
    return {"rule": rule} if rule else {}


def _report_bulk(request: HttpRequest, action: str, done: int, refused: list[str]) -> None:
    if done:
        messages.success(request, f"{done} comment{'s' if done != 1 else ''} {_DONE[action]}.")
    if refused:
        messages.error(request, f"{len(refused)} refused: " + "; ".join(refused))


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def edit_approve(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Publish a held comment with the moderator's text (``text``), or with the personal data the detector found
    redacted from the stored text (``redact=personal_data``: the one-click button when JavaScript is off)."""
    comment = get_object_or_404(Comment, pk=comment_id)
    reason = request.POST.get("reason", "").strip()[:500]
    text = request.POST.get("text", "")
    if request.POST.get("redact") == "personal_data":  # the one-click button without JavaScript
        text, redactions = redacted_body(comment)
        if not redactions:  # nothing marked in the text as it is now: publishing would redact nothing
            messages.error(request, NOTHING_TO_REDACT)
            return _back_to_queue(request)
    try:
        edit_and_approve(comment, moderator=request.user, new_text=text, reason=reason)
    except (InvalidEdit, IllegalTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Comment by {comment.author_name} edited and published.")
    return _back_to_queue(request)


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
    record_export(since, until, chosen, via="web", actor=request.user)
    return response


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
