"""A member's sanctions for moderators, and lifting one early with a reason (``actions.lift_sanction``).

The queue's author form links here; a suspension, ban or pre-moderation in force has a "Lift" form, a warning or
an ended measure has none (they stay on record).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stoa.moderation.actions import MODERATE_PERMISSION, IllegalSanction, lift_sanction
from stoa.moderation.models import Sanction


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def member_sanctions(request: HttpRequest, member_id: int) -> HttpResponse:
    """Every sanction of one member, newest first, each marked in force or not."""
    member = get_object_or_404(get_user_model(), pk=member_id)
    now = timezone.now()
    sanctions = [
        (sanction, sanction.applies_at(now))
        for sanction in Sanction.objects.filter(member=member).select_related("created_by", "comment__thread__post")
    ]
    return render(request, "moderation/sanctions.html", {"member": member, "sanctions": sanctions})


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def lift(request: HttpRequest, sanction_id: int) -> HttpResponse:
    """Lift a sanction in force, with the moderator's reason; a refusal says why."""
    sanction = get_object_or_404(Sanction.objects.select_related("member"), pk=sanction_id)
    reason = request.POST.get("reason", "").strip()[:2000]
    if not reason:
        messages.error(request, "Say why you lift it: the reason goes into the audit log.")
        return redirect("moderation:member_sanctions", member_id=sanction.member_id)
    try:
        lift_sanction(sanction, moderator=request.user, reason=reason)
    except IllegalSanction as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{sanction.get_kind_display()} of {sanction.member.get_username()} lifted.")
    return redirect("moderation:member_sanctions", member_id=sanction.member_id)
