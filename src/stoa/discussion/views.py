"""HTTP for comments: post one, edit one. Each view validates, calls a service, and answers in words."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from stoa.blog.models import Post
from stoa.discussion.display import discussion_for
from stoa.discussion.edit_tokens import owned_comment_ids, remember_comment
from stoa.discussion.errors import CommentRefused, retry_after_header
from stoa.discussion.forms import CommentForm, EditCommentForm
from stoa.discussion.models import Comment
from stoa.discussion.nudges import Nudge, nudge_for, record_nudge, settle_nudge
from stoa.discussion.services import CommentDraft, edit_comment, edit_window_open, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.decisions import Status
from stoa.requests import client_ip

_OUTCOME_MESSAGES = {
    Status.PUBLISHED: "Thank you: your comment is published.",
    Status.HELD: "Your comment is awaiting moderation. It is visible to you and will appear once approved.",
    Status.REJECTED: "Your comment was not published: it breaks this site's rules.",
    Status.SPAM: "Your comment was not published.",
}


def _draft(request: HttpRequest, post: Post, form: CommentForm) -> CommentDraft:
    thread = thread_for_post(post)
    data = form.cleaned_data
    reply_to = None
    if data.get("reply_to"):
        reply_to = thread.comments.filter(number=data["reply_to"], status=Status.PUBLISHED).first()
        if reply_to is None:
            form.add_error(None, f"There is no published comment #{data['reply_to']} to reply to.")
            raise CommentRefused(form.non_field_errors()[0], "invalid")
    member = request.user if request.user.is_authenticated else None
    return CommentDraft(
        thread=thread,
        body=data["body"],
        author=member,
        guest_name=data.get("name", ""),
        guest_email=data.get("email", ""),
        guest_website=data.get("website", ""),
        reply_to=reply_to,
        ip_address=client_ip(request),
    )


def _form_again(request: HttpRequest, post: Post, form: CommentForm, status: int, nudge: Nudge | None = None):
    """The post page with the writer's text kept and the errors (or the nudge) shown: nothing is lost."""
    context = {"post": post, **discussion_for(request, post), "form": form, "nudge": nudge}
    return render(request, "blog/post_detail.html", context, status=status)


@require_POST
def post_comment(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    form = CommentForm(request.POST, user=request.user)
    if not form.is_valid():
        return _form_again(request, post, form, status=400)
    confirmed = form.cleaned_data["confirmed"]
    try:
        draft = _draft(request, post, form)
        if not confirmed and (nudge := nudge_for(draft)):
            record_nudge(request, draft.thread, ip_address=draft.ip_address, now=timezone.now())
            return _form_again(request, post, form, status=200, nudge=nudge)
        submitted = submit_comment(draft)
    except CommentRefused as refusal:
        if refusal.message not in form.non_field_errors():
            form.add_error(None, refusal.message)
        response = _form_again(request, post, form, status=429 if refusal.code == "rate_limited" else 400)
        for name, value in retry_after_header(refusal).items():
            response[name] = value
        return response
    settle_nudge(request, confirmed=confirmed, now=timezone.now())
    comment = submitted.comment
    messages.add_message(
        request,
        messages.SUCCESS if comment.is_published else messages.INFO,
        _OUTCOME_MESSAGES[comment.status],
    )
    visible = comment.status in (Status.PUBLISHED, Status.HELD)
    response = redirect(f"{post.get_absolute_url()}#{comment.anchor}" if visible else post.get_absolute_url())
    remember_comment(request, response, comment.pk)
    return response


def _may_try_edit(request: HttpRequest, comment: Comment) -> bool:
    if comment.author_id:
        return request.user.is_authenticated and request.user.pk == comment.author_id
    return comment.pk in owned_comment_ids(request)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("thread__post"), pk=comment_id)
    window_open = edit_window_open(comment, member=bool(comment.author_id), now=timezone.now())
    if not (_may_try_edit(request, comment) and window_open):
        return render(request, "discussion/edit_refused.html", {"comment": comment}, status=403)
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            submitted = edit_comment(
                comment,
                form.cleaned_data["body"],
                editor=request.user if request.user.is_authenticated else None,
                browser_owns=comment.pk in owned_comment_ids(request),
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.info(request, "Your edit is saved. " + _OUTCOME_MESSAGES[submitted.comment.status])
            return redirect(submitted.comment.get_absolute_url())
    return render(
        request,
        "discussion/edit.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )
