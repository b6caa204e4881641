"""Readers report a comment or a post and follow their receipt; moderators list reported comments and posts and
uphold or dismiss their reports (upholding may cite a community rule, as rejecting does: the form's ``rule``).

Login is required to report: a reporter's weight comes from their own history, and one-open-report-per-reader
cannot be enforced for guests behind shared or changing IP addresses.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from stoa.blog.models import Post
from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.community_rules import RuleNotCitable, active_rules, citable_rule
from stoa.moderation.decisions import Status
from stoa.moderation.models import Report
from stoa.moderation.queue import reported_comments
from stoa.moderation.queue_options import queue_url
from stoa.moderation.reports import (
    IllegalReportTransition,
    ReportRefused,
    dismiss_post_reports,
    dismiss_reports,
    file_post_report,
    file_report,
    reported_posts,
    start_review_of,
    uphold_post_reports,
    uphold_reports,
)
from stoa.moderation.transitions import IllegalTransition
from stoa.moderation.views import bad_queue_request

DECISIONS = {"uphold": uphold_reports, "dismiss": dismiss_reports, "review": start_review_of}
_DONE = {
    "uphold": "Reports upheld and the comment removed.",
    "dismiss": "Reports dismissed.",
    "review": "Reports marked under review; each reporter is told.",
}
POST_DECISIONS = {"uphold": uphold_post_reports, "dismiss": dismiss_post_reports}
_POST_DONE = {"uphold": "Reports on the post upheld (action taken).", "dismiss": "Reports on the post dismissed."}


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=Report.Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of problem this is.",
            "invalid_choice": "Choose one of the listed kinds of problem.",
        },
    )
    text = forms.CharField(
        label="Anything a moderator should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Keep it to %(limit_value)d characters (it has %(show_value)d)."},
    )

    def __init__(self, *args, what: str = "comment", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].label = f"What is wrong with this {what}?"


@login_required
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id, status=Status.PUBLISHED)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = file_report(comment, reporter=request.user, **form.cleaned_data)
        except ReportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("moderation:receipt", receipt=report.receipt)
    context = {"form": form, "what": "comment", "reported_text": comment.body}
    return render(request, "moderation/report_form.html", context)


@login_required
def report_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    form = ReportForm(request.POST or None, what="post")
    if request.method == "POST" and form.is_valid():
        try:
            report = file_post_report(post, reporter=request.user, **form.cleaned_data)
        except ReportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("moderation:receipt", receipt=report.receipt)
    context = {"form": form, "what": "post", "reported_text": post.title, "post": post}
    return render(request, "moderation/report_form.html", context)


def receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """Anyone holding the receipt number sees the report's status; never who decided it."""
    report = get_object_or_404(Report, receipt=receipt.upper())
    return render(request, "moderation/report_receipt.html", {"report": report})


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def reported(request: HttpRequest) -> HttpResponse:
    context = {
        "comments": reported_comments()[:100],
        "reported_posts_count": reported_posts().count(),
        "rules": list(active_rules()),
    }
    return render(request, "moderation/reported.html", context)


def _cited_rule(request: HttpRequest, action: str) -> dict:
    """``{"rule": ...}`` for an uphold that cites an active community rule (the form's ``rule``), else nothing;
    ``RuleNotCitable`` for any other rule. Dismissing cites no rule, so the field is ignored for it."""
    rule = citable_rule(request.POST.get("rule")) if action == "uphold" else None
    return {"rule": rule} if rule else {}


def _uphold_fields(request: HttpRequest, action: str) -> dict:
    """An uphold's reason (the rejection's; empty: "upheld reports") and cited rule; dismissing takes neither."""
    if action != "uphold":
        return {}
    return {"reason": request.POST.get("reason", "").strip()[:500], **_cited_rule(request, action)}


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def decide(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Uphold, dismiss or start reviewing a comment's open reports, then return to the page the form came from:
    the queue page it names in ``back`` (queue, sort, filters, page), else the reported comments' page."""
    comment = get_object_or_404(Comment, pk=comment_id)
    if action not in DECISIONS:
        messages.error(request, f"Unknown action {action!r}: use uphold, dismiss or review.")
        return _back(request)
    try:
        DECISIONS[action](comment, moderator=request.user, **_uphold_fields(request, action))
    except RuleNotCitable as error:
        return bad_queue_request(request, str(error))
    except (IllegalTransition, IllegalReportTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _DONE[action])
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    if "back" in request.POST:
        return redirect(queue_url(request.POST["back"]))
    return redirect("moderation:reported")


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def reported_post_list(request: HttpRequest) -> HttpResponse:
    """Posts with open reports, heaviest first, each with its reports (category, text, reporter, weight)."""
    context = {"posts": reported_posts()[:100], "rules": list(active_rules())}
    return render(request, "moderation/reported_posts.html", context)


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def decide_post(request: HttpRequest, post_id: int, action: str) -> HttpResponse:
    post = get_object_or_404(Post, pk=post_id)
    if action not in POST_DECISIONS:
        messages.error(request, f"Unknown action {action!r}: use uphold or dismiss.")
        return redirect("moderation:reported_posts")
    reason = request.POST.get("reason", "").strip()[:2000]
    try:
        decided = POST_DECISIONS[action](post, moderator=request.user, reason=reason, **_cited_rule(request, action))
    except RuleNotCitable as error:
        return bad_queue_request(request, str(error))
    except IllegalReportTransition as error:
        messages.error(request, str(error))
    else:
        if decided:
            messages.success(request, _POST_DONE[action])
        else:
            messages.error(request, "This post has no open reports any more: another moderator decided them.")
    return redirect("moderation:reported_posts")
