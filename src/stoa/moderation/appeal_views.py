"""Appeals over HTTP: a member's own page (what they can appeal, what they appealed), the appeal form for a removal
or a sanction, each appeal's page, and the moderators' queue of appeals with uphold / deny.

A member only ever reaches their own decisions, sanctions and appeals (anything else is a 404, so ids reveal
nothing); the appellant never sees which moderator decided.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.appeals import (
    AppealDecisionRefused,
    AppealRefused,
    appeal_deadline,
    appealable_by,
    deny_appeal,
    file_decision_appeal,
    file_sanction_appeal,
    original_moderator_id,
    pending_appeals,
    public_reasons,
    uphold_appeal,
    window_days,
)
from stoa.moderation.models import Appeal, ModerationDecision, Sanction
from stoa.moderation.transitions import IllegalTransition

OUTCOMES = {"uphold": uphold_appeal, "deny": deny_appeal}
_DONE = {"uphold": "Appeal upheld: the decision is reversed.", "deny": "Appeal denied: the decision stands."}


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why do you think this was wrong?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Say why you think the decision was wrong.",
            "max_length": "Keep it to %(limit_value)d characters (it has %(show_value)d).",
        },
    )


@login_required
def my_appeals(request: HttpRequest) -> HttpResponse:
    """What the member can still appeal, with deadlines, and the appeals they made with their outcome."""
    context = {
        "appealable": appealable_by(request.user),
        "window_days": window_days(),
        "appeals": Appeal.objects.filter(appellant=request.user).select_related("decision", "sanction"),
    }
    return render(request, "moderation/appeals_mine.html", context)


@login_required
def appeal_decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        ModerationDecision.objects.select_related("comment__thread"), pk=decision_id, comment__author=request.user
    )
    context = {
        "comment": decision.comment,
        "reasons": public_reasons(decision),
        "rule": decision.rule,
        "what": "The removal of your comment" + (" as spam" if decision.status == "spam" else ""),
        "made_at": decision.created_at,
    }
    return _appeal_form(request, context, lambda text: file_decision_appeal(decision, member=request.user, text=text))


@login_required
def appeal_sanction(request: HttpRequest, sanction_id: int) -> HttpResponse:
    sanctions = Sanction.objects.select_related("comment__thread")
    sanction = get_object_or_404(sanctions, pk=sanction_id, member=request.user)
    context = {
        "comment": sanction.comment,
        "reasons": [sanction.reason or "No reason was given."],
        "rule": sanction.rule,
        "what": f"A {sanction.get_kind_display().lower()} on your account",
        "made_at": sanction.created_at,
        "sanction": sanction,
    }
    return _appeal_form(request, context, lambda text: file_sanction_appeal(sanction, member=request.user, text=text))


def _appeal_form(request: HttpRequest, context: dict, file_appeal) -> HttpResponse:
    """Show what is appealed (rule, comment, deadline) with the form; file it on a valid POST."""
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = file_appeal(form.cleaned_data["text"])
        except AppealRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your appeal is filed. A moderator who did not make the decision will decide it.")
            return redirect("moderation:appeal", appeal_id=appeal.pk)
    deadline = appeal_deadline(context["made_at"])
    context |= {"form": form, "deadline": deadline, "too_late": timezone.now() > deadline}
    return render(request, "moderation/appeal_form.html", context)


@login_required
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """The appeal's page: its appellant sees the status and the outcome; moderators also see the decide form."""
    appeal = get_object_or_404(
        Appeal.objects.select_related("appellant", "decision__comment__thread", "sanction__comment__thread"),
        pk=appeal_id,
    )
    is_moderator = request.user.has_perm(MODERATE_PERMISSION)
    if appeal.appellant_id != request.user.pk and not is_moderator:
        raise Http404("No such appeal.")
    appealed = appeal.decision or appeal.sanction
    context = {
        "appeal": appeal,
        "comment": appeal.decision.comment if appeal.decision_id else appeal.sanction.comment,
        "reasons": public_reasons(appeal.decision) if appeal.decision_id else [appeal.sanction.reason],
        "rule": appealed.rule,
        "made_at": appealed.created_at,
        "is_moderator": is_moderator,
        "made_the_decision": is_moderator and original_moderator_id(appeal) == request.user.pk,
    }
    return render(request, "moderation/appeal_detail.html", context)


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def appeals_review(request: HttpRequest) -> HttpResponse:
    """The moderators' queue of appeals waiting for a decision, oldest first."""
    return render(request, "moderation/appeals_review.html", {"appeals": pending_appeals()[:100]})


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    outcome = request.POST.get("outcome", "")
    if outcome not in OUTCOMES:
        messages.error(request, f"Unknown outcome {outcome!r}: use uphold or deny.")
        return redirect("moderation:appeal", appeal_id=appeal.pk)
    try:
        OUTCOMES[outcome](appeal, moderator=request.user, reason=request.POST.get("reason", "").strip()[:2000])
    except (AppealDecisionRefused, IllegalTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _DONE[outcome])
    return redirect("moderation:appeal", appeal_id=appeal.pk)
