"""Removal requests on the web: file one (anyone), confirm an email, follow it by receipt, answer it as the author,
decide it as a moderator. The services in ``stoa.safety.removals`` do the work and say why they refuse."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stoa.blog.models import Post
from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.decisions import Status
from stoa.moderation.notifications import absolute_url
from stoa.requests import client_ip
from stoa.safety import removals
from stoa.safety.forms import AuthorAnswerForm, ModeratorDecisionForm, RemovalRequestForm
from stoa.safety.models import RemovalRequest


def _subject(request: HttpRequest) -> Post | Comment:
    """The post (``?post=ID``) or published comment (``?comment=ID``) the request is about."""
    source = request.POST if request.method == "POST" else request.GET
    if post_id := source.get("post", ""):
        return get_object_or_404(Post.objects.published(), pk=post_id) if post_id.isdigit() else _not_found()
    comment_id = source.get("comment", "")
    if comment_id.isdigit():
        return get_object_or_404(Comment, pk=comment_id, status=Status.PUBLISHED)
    return _not_found()


def _not_found():
    raise Http404("Say which post (?post=ID) or comment (?comment=ID) the request is about.")


def new_request(request: HttpRequest) -> HttpResponse:
    """The request form; a member's request goes to the author at once, anyone else confirms their email first.
    A request past a flood limit is refused with the form and the sentence saying why (429)."""
    subject = _subject(request)
    initial = (
        {"name": request.user.get_full_name() or request.user.get_username()} if request.user.is_authenticated else {}
    )
    form = RemovalRequestForm(request.POST or None, initial=initial)
    status = 400 if request.method == "POST" else 200  # a POST that gets here was refused
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = removals.file_removal_request(
                subject=subject,
                requester=request.user,
                requester_name=data["name"],
                requester_email=data["email"],
                ip_address=client_ip(request),
                what=data["what"],
                why=data["why"],
                change_asked=data["change_asked"],
            )
        except removals.RemovalRefused as error:
            form.add_error(None, str(error))
            if isinstance(error, removals.RemovalLimitReached):
                status = 429
        else:
            if filed.state == RemovalRequest.State.UNCONFIRMED:
                _mail_confirmation(filed, data["email"])
            return redirect("safety:removal_status", receipt=filed.receipt)
    context = {"form": form, "subject": subject, "is_post": isinstance(subject, Post)}
    return render(request, "safety/removal_new.html", context, status=status)


def _mail_confirmation(filed: RemovalRequest, email: str) -> None:
    link = absolute_url(reverse("safety:removal_confirm", args=[removals.confirmation_token(filed, email)]))
    EmailMessage(
        subject=f"[{settings.CONFIG.site_name}] Confirm your removal request {filed.receipt}",
        body=(
            f"Someone (we hope you) asked for a change to content about them, receipt {filed.receipt}.\n"
            f"Open this link within two days to confirm and send it to the author privately:\n\n{link}\n\n"
            "If this was not you, ignore this email: nothing will be sent."
        ),
        to=[email],
    ).send()


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link shows a button; only pressing it (a POST) confirms, so mail scanners that open links don't."""
    if request.method != "POST":
        return render(request, "safety/removal_confirm.html", {"token": token})
    try:
        confirmed = removals.confirm_email(token)
    except removals.RemovalRefused as error:
        return render(request, "safety/removal_error.html", {"message": str(error)}, status=400)
    messages.success(request, "Thank you: your request is confirmed and has gone to the author, privately.")
    return redirect("safety:removal_status", receipt=confirmed.receipt)


def request_status(request: HttpRequest, receipt: str) -> HttpResponse:
    """The requester's view by receipt: the state and the answers, never who moderated (read only: overdue
    requests move on in ``stoa tick`` and on the author's and moderators' pages)."""
    filed = get_object_or_404(RemovalRequest, receipt=receipt)
    return render(request, "safety/removal_status.html", {"filed": filed})


@login_required
def about_my_content(request: HttpRequest) -> HttpResponse:
    """Requests about the signed-in member's posts and comments, with the answer form for open ones."""
    removals.escalate_overdue()
    requests = removals.requests_for_author(request.user)
    return render(request, "safety/removal_mine.html", {"requests": requests, "form": AuthorAnswerForm()})


@require_POST
@login_required
def author_answer(request: HttpRequest, receipt: str) -> HttpResponse:
    filed = get_object_or_404(RemovalRequest, receipt=receipt)
    form = AuthorAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an answer: I edited it, remove it, or decline.")
        return redirect("safety:removal_mine")
    try:
        removals.answer_as_author(
            filed, author=request.user, action=form.cleaned_data["action"], answer=form.cleaned_data["answer"]
        )
    except (removals.RemovalRefused, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Answer to {filed.receipt} recorded.")
    return redirect("safety:removal_mine")


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def moderator_queue(request: HttpRequest) -> HttpResponse:
    removals.escalate_overdue()
    context = {"requests": removals.requests_for_moderators(), "form": ModeratorDecisionForm()}
    return render(request, "safety/removal_queue.html", context)


@require_POST
@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def moderator_decide(request: HttpRequest, receipt: str) -> HttpResponse:
    filed = get_object_or_404(RemovalRequest, receipt=receipt)
    form = ModeratorDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to uphold or keep, and write an answer to the requester.")
        return redirect("safety:removal_queue")
    try:
        removals.decide_as_moderator(
            filed, moderator=request.user, uphold=form.cleaned_data["uphold"], answer=form.cleaned_data["answer"]
        )
    except removals.RemovalRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Request {filed.receipt} decided.")
    return redirect("safety:removal_queue")
