"""Readers report a comment and follow their receipt; moderators list reported comments and uphold or dismiss.

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

from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.decisions import Status
from stoa.moderation.models import Report
from stoa.moderation.queue import reported_comments
from stoa.moderation.reports import IllegalReportTransition, ReportRefused, dismiss_reports, file_report, uphold_reports
from stoa.moderation.transitions import IllegalTransition

DECISIONS = {"uphold": uphold_reports, "dismiss": dismiss_reports}
_DONE = {"uphold": "Reports upheld and the comment removed.", "dismiss": "Reports dismissed."}


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
    return render(request, "moderation/report_form.html", {"form": form, "comment": comment})


def receipt(request: HttpRequest, receipt: str) -> HttpResponse:
    """Anyone holding the receipt number sees the report's status; never who decided it."""
    report = get_object_or_404(Report, receipt=receipt.upper())
    return render(request, "moderation/report_receipt.html", {"report": report})


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def reported(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/reported.html", {"comments": reported_comments()[:100]})


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def decide(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    if action not in DECISIONS:
        messages.error(request, f"Unknown action {action!r}: use uphold or dismiss.")
        return redirect("moderation:reported")
    try:
        DECISIONS[action](comment, moderator=request.user)
    except (IllegalTransition, IllegalReportTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _DONE[action])
    return redirect("moderation:reported")
