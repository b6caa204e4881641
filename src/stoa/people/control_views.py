"""A member's own controls over HTTP: follow, mute and block buttons, the People settings page, dormant mode,
export and account deletion. Each view calls a service and answers in words (HTML, or JSON when asked for)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from stoa.people import services
from stoa.people.forms import DeleteAccountForm, DormantForm
from stoa.people.models import Block, Follow, Mute, User

RELATION_ACTIONS = {
    "follow": (services.follow, "You follow {name}."),
    "unfollow": (services.unfollow, "You no longer follow {name}."),
    "mute": (services.mute, "You muted {name}: their comments are collapsed for you. They are not told."),
    "unmute": (services.unmute, "You unmuted {name}."),
    "block": (
        services.block,
        "You blocked {name}: they can't reply to you, mention you or see your comments while signed in.",
    ),
    "unblock": (services.unblock, "You unblocked {name}."),
}


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the button was on (``next``), if it is on this site."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else fallback)


@require_POST
@login_required
def change_relation(request: HttpRequest, username: str, action: str) -> HttpResponse:
    """POST ``/people/<username>/<follow|unfollow|mute|unmute|block|unblock>/``."""
    other = get_object_or_404(User, username=username, is_active=True)
    if action not in RELATION_ACTIONS:
        message = f"Unknown action {action!r}: use follow, unfollow, mute, unmute, block or unblock."
        return (
            JsonResponse({"error": message}, status=404) if _wants_json(request) else HttpResponse(message, status=404)
        )
    change, done = RELATION_ACTIONS[action]
    try:
        change(request.user, other)
    except services.RelationRefused as refusal:
        if _wants_json(request):
            return JsonResponse({"error": str(refusal)}, status=400)
        messages.error(request, str(refusal))
    else:
        if _wants_json(request):
            return JsonResponse({"username": other.username, "action": action, "message": done.format(name=other)})
        messages.success(request, done.format(name=other))
    return _back(request, other.get_absolute_url())


@login_required
def people_settings(request: HttpRequest) -> HttpResponse:
    """Whom you follow, mute and block (each with undo), dormant mode, export and deletion, on one page."""
    member = request.user
    context = {
        "follows": Follow.objects.filter(follower=member).select_related("followed").order_by("-created_at"),
        "mutes": Mute.objects.filter(muter=member).select_related("muted").order_by("-created_at"),
        "blocks": Block.objects.filter(blocker=member).select_related("blocked").order_by("-created_at"),
        "dormant_form": DormantForm(initial={"show_comments_as_anonymous": member.show_dormant_comments_as_anonymous}),
    }
    return render(request, "people/settings.html", context)


@require_POST
@login_required
def dormant(request: HttpRequest) -> HttpResponse:
    """POST ``go`` (with the anonymous choice) or ``wake`` to enter or leave dormant mode."""
    if request.POST.get("action") == "wake":
        services.wake_up(request.user)
        messages.success(request, "Welcome back: your profile is visible again and people can reply to you.")
    else:
        form = DormantForm(request.POST)
        form.is_valid()  # a single optional checkbox: always valid
        services.go_dormant(request.user, show_comments_as_anonymous=form.cleaned_data["show_comments_as_anonymous"])
        messages.success(
            request, "You are dormant: your profile is hidden, and nobody can reply to you, mention you or notify you."
        )
    return redirect("people:settings")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Download everything the site holds about you, as JSON."""
    data = services.export_data(request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="stoa-{request.user.username}-{stamp}.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Choose what happens to your comments, confirm with your password, and the account is gone."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(
                request.user, password=form.cleaned_data["password"], comments=form.cleaned_data["comments"]
            )
        except services.WrongPassword as error:
            form.add_error("password", str(error))
        except services.AccountDeletionRefused as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, "Your account is deleted. Thank you for the time you spent here.")
            return redirect("blog:index")
    return render(request, "people/delete_account.html", {"form": form}, status=400 if form.errors else 200)
