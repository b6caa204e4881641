"""Sign up, profiles, and editing one's own profile (log in, log out and resets are Django's views; a member's own
controls are in ``control_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from stoa.blog.models import Post
from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.decisions import Status
from stoa.people.forms import ProfileForm, SignUpForm
from stoa.people.models import Follow, User
from stoa.people.relations import relations_of
from stoa.people.services import register_member
from stoa.safety.visibility import without_shield_hidden


def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = register_member(form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.public_name}. Your account is ready.")
        return redirect("people:profile", username=user.username)
    return render(request, "people/signup.html", {"form": form}, status=400 if form.errors else 200)


def profile(request: HttpRequest, username: str) -> HttpResponse:
    """A member's public page; a dormant member's is hidden from everyone else (404), and someone they blocked
    sees no comments on it."""
    member = get_object_or_404(User, username=username, is_active=True)
    viewer = request.user
    is_self = viewer.is_authenticated and viewer.pk == member.pk
    if member.is_dormant and not is_self:
        return render(request, "people/dormant.html", status=404)
    relations = relations_of(viewer)
    on_visible_page = Q(thread__post__isnull=True) | Q(thread__post__in=Post.objects.published())
    comments = Comment.objects.filter(on_visible_page, author=member, status=Status.PUBLISHED)
    if not (is_self or viewer.has_perm(MODERATE_PERMISSION)):
        comments = without_shield_hidden(comments)
    comments = comments.select_related("thread__post").order_by("-created_at")[:50]
    context = {
        "member": member,
        "is_self": is_self,
        "comments": [] if member.pk in relations.blocked_by else comments,
        "comments_withheld": member.pk in relations.blocked_by,
        "following": viewer.is_authenticated and Follow.objects.filter(follower=viewer, followed=member).exists(),
        "muting": member.pk in relations.muted,
        "blocking": member.pk in relations.blocked,
    }
    return render(request, "people/profile.html", context)


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("people:profile", username=request.user.username)
    if form.errors:
        request.user.refresh_from_db()  # the form wrote the rejected values onto the user in memory
    return render(request, "people/profile_edit.html", {"form": form}, status=400 if form.errors else 200)
