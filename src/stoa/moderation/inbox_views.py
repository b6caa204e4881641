"""The member's inbox at ``/inbox/``: their notifications, newest first, marking them read, and the email switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from stoa.moderation.models import Notification
from stoa.moderation.notifications import inbox, mark_all_read, mark_read, set_email_wanted, wants_email


@login_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox(request.user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "email_on": wants_email(request.user), "has_email": bool(request.user.email)}
    return render(request, "moderation/inbox.html", context)


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and follow its link (back to the inbox when it has none)."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    mark_read(notification)
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()})
    return redirect(notification.link if notification.link and safe else "inbox:list")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("inbox:list")


@require_POST
@login_required
def email_preference(request: HttpRequest) -> HttpResponse:
    """``email=on`` sends notifications by email too; anything else keeps them in the inbox only."""
    wanted = request.POST.get("email") == "on"
    set_email_wanted(request.user, wanted)
    messages.success(request, "Notifications will be emailed too." if wanted else "Notifications stay in your inbox.")
    return redirect("inbox:list")
