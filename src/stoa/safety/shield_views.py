"""Shields on the web: the moderators' shields queue and each shield's page, and a member's own shield.

Every change goes through ``stoa.safety.shields`` (permission, audit); these views only read forms and say what
happened or why not.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from stoa.detection.people_register import member_key
from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.queue_options import queue_url
from stoa.safety.later import add_helper, later_comments, remove_helper
from stoa.safety.models import AimedComment, Shield, ShieldHelper
from stoa.safety.shields import ShieldAlreadyEnded, end_shield, extend_shield, open_shield, open_shields, show_again
from stoa.safety.timeline import timeline_chart

EXTENSIONS = {"24h": timedelta(hours=24), "72h": timedelta(hours=72), "7d": timedelta(days=7)}
RECENTLY_ENDED = timedelta(days=7)


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def shields_queue(request: HttpRequest) -> HttpResponse:
    """Every open shield, and those that ended in the last week, each with why it opened and its timeline."""
    now = timezone.now()
    recent = now - RECENTLY_ENDED
    current_or_recent = (
        Q(ended_at__isnull=True, ends_at__isnull=True) | Q(ends_at__gte=recent) | Q(ended_at__gte=recent)
    )
    shields = Shield.objects.select_related("member", "opened_by").filter(current_or_recent)
    open_now = [s for s in shields if s.is_open(now)]
    ended = [s for s in shields if not s.is_open(now)]
    charted = [(s, mark_safe(timeline_chart(s))) for s in open_now]  # noqa: S308 — built from escaped parts only
    return render(request, "safety/shields_queue.html", {"open": charted, "ended": ended})


@login_required
def shield_detail(request: HttpRequest, shield_id: int) -> HttpResponse:
    """One shield: why, until when, its timeline and the comments involved; moderators and the member only."""
    shield = get_object_or_404(Shield.objects.select_related("member"), pk=shield_id)
    if not (request.user.has_perm(MODERATE_PERMISSION) or shield.member_id == request.user.pk):
        raise PermissionDenied("Only moderators and the shielded member can see this shield.")
    aimed = (
        AimedComment.objects.filter(
            target_key=shield.target_key, hostile=True, at__gte=shield.opened_at - timedelta(hours=6)
        )
        .select_related("comment__author", "comment__thread")
        .order_by("at")
    )
    context = {
        "shield": shield,
        "is_open": shield.is_open(timezone.now()),
        "chart": mark_safe(timeline_chart(shield)),  # noqa: S308 — built from escaped parts only
        "aimed": aimed if request.user.has_perm(MODERATE_PERMISSION) else [],
        "extensions": EXTENSIONS,
    }
    return render(request, "safety/shield_detail.html", context)


@require_POST
@login_required
def change_shield(request: HttpRequest, shield_id: int) -> HttpResponse:
    """Extend (``extend=24h|72h|7d``) or end (``end=1``) a shield."""
    shield = get_object_or_404(Shield, pk=shield_id)
    try:
        if request.POST.get("end"):
            end_shield(shield, by=request.user, reason=request.POST.get("reason", "").strip()[:500])
            messages.success(request, f"The shield for {shield.target_label} has ended.")
        elif request.POST.get("extend") in EXTENSIONS:
            shield = extend_shield(shield, by=request.user, lasts=EXTENSIONS[request.POST["extend"]])
            messages.success(
                request, f"The shield for {shield.target_label} now lasts until {shield.ends_at:%d %b %H:%M} UTC."
            )
        else:
            messages.error(request, "Choose how long to extend the shield by (24h, 72h or 7d), or end it.")
    except ShieldAlreadyEnded as error:
        messages.error(request, str(error))
    return redirect("safety:shield", shield_id=shield.pk)


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def open_for_member(request: HttpRequest) -> HttpResponse:
    """A moderator shields a member by username (the site's default duration)."""
    username = request.POST.get("username", "").strip()
    member = get_user_model().objects.filter(username=username).first()
    if member is None:
        messages.error(request, f"There is no member called “{username}”.")
        return redirect("safety:shields_queue")
    reason = request.POST.get("reason", "").strip()[:2000] or "opened by a moderator"
    shield = open_shield(
        member_key(member.username),
        member.display_name or member.username,
        origin=Shield.Origin.MODERATOR,
        reason=reason,
        member=member,
        by=request.user,
    )
    messages.success(request, f"Shield open for {shield.target_label}.")
    return redirect("safety:shield", shield_id=shield.pk)


@login_required
def my_shield(request: HttpRequest) -> HttpResponse:
    """A member's own shield, their later folder's size and their helpers."""
    member = request.user
    current = open_shields([member_key(member.username)], timezone.now()).get(member_key(member.username))
    helpers = ShieldHelper.objects.filter(member=member).select_related("helper")
    helping = ShieldHelper.objects.filter(helper=member).select_related("member")
    context = {"shield": current, "waiting": len(later_comments(member)), "helpers": helpers, "helping": helping}
    return render(request, "safety/my_shield.html", context)


@require_POST
@login_required
def open_my_shield(request: HttpRequest) -> HttpResponse:
    """Turn on one's own shield (until ended): only followed people and prior exchanges reach you directly."""
    member = request.user
    open_shield(
        member_key(member.username),
        member.display_name or member.username,
        origin=Shield.Origin.SELF,
        reason="opened by the member themselves",
        member=member,
        by=member,
    )
    messages.success(
        request, "Your shield is on. Comments from people you have no history with wait in your later folder."
    )
    return redirect("safety:my_shield")


@require_POST
@login_required
def change_helpers(request: HttpRequest) -> HttpResponse:
    """Add (``add=username``) or remove (``remove=username``) a helper."""
    users = get_user_model().objects
    if name := request.POST.get("add", "").strip():
        helper = users.filter(username=name, is_active=True).first()
        if helper is None:
            messages.error(request, f"There is no member called “{name}”.")
        else:
            try:
                add_helper(request.user, helper)
                messages.success(request, f"{helper.get_username()} can now review your later folder.")
            except ValueError as error:
                messages.error(request, str(error))
    elif name := request.POST.get("remove", "").strip():
        helper = users.filter(username=name).first()
        if helper is not None and remove_helper(request.user, helper):
            messages.success(request, f"{name} no longer reviews your later folder.")
    return redirect("safety:my_shield")


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def show_comment_again(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Keep a published comment a shield hid: readers see it again (the shields queue's button)."""
    comment = get_object_or_404(Comment, pk=comment_id)
    if show_again(comment, moderator=request.user):
        messages.success(request, f"Comment #{comment.number} is shown to readers again.")
    else:
        messages.error(request, "That comment is not hidden by a shield.")
    return redirect(queue_url(request.POST.get("back", "")))
