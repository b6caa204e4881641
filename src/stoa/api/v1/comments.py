"""Threads and their comments: list (paged, ``since``), read one, and post one through the form's own path.

A new comment becomes a ``CommentDraft`` and goes to ``submit_comment``, exactly as the site's form sends it: the
same pipeline, shields, blocks, sanctions and rate limit, with the same sentences. Published: 201; held: 202 with
the reasons its writer may know; rejected or spam: a 400 problem with the form's sentence; refused (a block, a
closed thread, too short ...): a 400 problem with the pipeline's sentence and its ``code`` (429 when too quick, with
``Retry-After``: the seconds the rate limit's refusal carries).
"""

from collections.abc import Mapping

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from stoa.api.models import Scope
from stoa.api.v1.auth import Caller, caller_of, needs
from stoa.api.v1.outcomes import OUTCOME_MESSAGES, writer_reasons
from stoa.api.v1.paging import page_of
from stoa.api.v1.posts import find_published_post
from stoa.api.v1.problems import ApiProblem
from stoa.api.v1.representation import comment_data, relations_for
from stoa.api.v1.schemas import CommentCreated, CommentIn, CommentOut, CommentPage, PageQuery, ThreadOut, answers
from stoa.blog.models import Post, PostStatus
from stoa.discussion.models import Comment, Thread
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import is_closed, thread_for_post
from stoa.moderation.decisions import Status as CommentStatus
from stoa.requests import client_ip
from stoa.safety.visibility import hidden_by_shield

router = Router(tags=["comments"])


def visible_comments(caller: Caller) -> QuerySet[Comment]:
    """What the thread page would show the caller: published comments, plus held ones for their author and for
    moderators; never rejected or spam, never a comment under a post that is not published.

    Ordered by ``stamp`` (published, else written), the field ``since`` filters on.
    """
    visible = Q(status=CommentStatus.PUBLISHED)
    if caller.is_moderator:
        visible |= Q(status=CommentStatus.HELD)
    elif caller.member is not None:
        visible |= Q(status=CommentStatus.HELD, author=caller.member)
    on_visible_page = Q(thread__post__isnull=True) | Q(
        thread__post__status=PostStatus.PUBLISHED, thread__post__published_at__lte=timezone.now()
    )
    return (
        Comment.objects.filter(visible, on_visible_page)
        .select_related("author", "thread")
        .annotate(stamp=Coalesce("published_at", "created_at"), hidden_by_shield=hidden_by_shield())
        .order_by("stamp", "id")
    )


def find_thread(thread_id: int) -> Thread:
    """A thread a reader may see: one of a published post, or of a page that embeds the widget."""
    thread = Thread.objects.filter(pk=thread_id).first()
    if thread is None or (thread.post_id and not Post.objects.published().filter(pk=thread.post_id).exists()):
        raise ApiProblem("not-found", f"There is no thread with id {thread_id}.")
    return thread


def comment_page(request: HttpRequest, comments: QuerySet[Comment], page: PageQuery) -> dict:
    """The page of ``comments`` that ``page`` asks for, each as the caller may see it."""
    caller = caller_of(request)
    shown, paging = page_of(comments, page, stamp="stamp")
    relations = relations_for(caller)
    return {"items": [comment_data(comment, caller, relations) for comment in shown], **paging}


@router.get("/threads/{thread_id}", response=answers(ThreadOut, 404), auth=needs(Scope.READ))
def get_thread(request: HttpRequest, thread_id: int):
    """A thread: its post (if any), whether it takes comments, and how many are published."""
    thread = find_thread(thread_id)
    return {
        "id": thread.pk,
        "post": thread.post_id,
        "title": thread.title,
        "closed": is_closed(thread, timezone.now()),
        "comment_count": thread.comments.filter(status=CommentStatus.PUBLISHED).count(),
    }


@router.get("/threads/{thread_id}/comments", response=answers(CommentPage, 404), auth=needs(Scope.READ))
def list_thread_comments(request: HttpRequest, thread_id: int, page: Query[PageQuery]):
    """The thread's comments the caller may see, oldest first (by publication; held ones by writing)."""
    thread = find_thread(thread_id)
    return comment_page(request, visible_comments(caller_of(request)).filter(thread=thread), page)


@router.get("/posts/{post_id}/comments", response=answers(CommentPage, 404), auth=needs(Scope.READ))
def list_post_comments(request: HttpRequest, post_id: int, page: Query[PageQuery]):
    """The comments on a published post, as for its thread (an empty page before the first comment)."""
    post = find_published_post(post_id)
    return comment_page(request, visible_comments(caller_of(request)).filter(thread__post=post), page)


@router.get("/comments/{comment_id}", response=answers(CommentOut, 404), auth=needs(Scope.READ))
def get_comment(request: HttpRequest, comment_id: int):
    """One comment, if the caller may see it."""
    caller = caller_of(request)
    comment = visible_comments(caller).filter(pk=comment_id).first()
    if comment is None:
        raise ApiProblem("not-found", f"There is no comment with id {comment_id} that you can see.")
    return comment_data(comment, caller, relations_for(caller))


_CREATED = answers(CommentCreated, 400, 404, statuses=(201, 202))


@router.post("/threads/{thread_id}/comments", response=_CREATED, auth=needs(Scope.COMMENT))
def create_thread_comment(request: HttpRequest, thread_id: int, payload: CommentIn):
    """Post a comment to a thread as the caller's member (201 published, 202 held)."""
    return _submit(request, find_thread(thread_id), payload)


@router.post("/posts/{post_id}/comments", response=_CREATED, auth=needs(Scope.COMMENT))
def create_post_comment(request: HttpRequest, post_id: int, payload: CommentIn):
    """Post a comment on a published post as the caller's member (201 published, 202 held)."""
    return _submit(request, thread_for_post(find_published_post(post_id)), payload)


def _submit(request: HttpRequest, thread: Thread, payload: CommentIn) -> Status:
    caller = caller_of(request)
    draft = CommentDraft(
        thread=thread,
        body=payload.body,
        author=caller.acting_member("post comments"),
        reply_to=reply_target(thread, payload),
        ip_address=client_ip(request),
    )
    return submission_answer(caller, draft)


def submission_answer(caller: Caller, draft: CommentDraft, messages: Mapping[str, str] = OUTCOME_MESSAGES) -> Status:
    """Submit ``draft`` through the form's own path and answer: 201 published, 202 held, a problem otherwise."""
    submitted = submit_comment(draft)
    comment, status = submitted.comment, submitted.comment.status
    if status in (CommentStatus.REJECTED, CommentStatus.SPAM):
        raise ApiProblem("comment-refused", messages[status], code=str(status), comment_id=comment.pk)
    data = comment_data(comment, caller, relations_for(caller))
    data |= {"message": messages[status], "reasons": writer_reasons(submitted.decision)}
    return Status(201 if status == CommentStatus.PUBLISHED else 202, data)


def reply_target(thread: Thread, payload: CommentIn) -> Comment | None:
    """The published comment of this thread that the new one answers, by id or by number."""
    if payload.in_reply_to is not None:
        field, lookup, shown = "in_reply_to", {"pk": payload.in_reply_to}, f"id {payload.in_reply_to}"
    elif payload.reply_to is not None:
        field, lookup, shown = "reply_to", {"number": payload.reply_to}, f"#{payload.reply_to}"
    else:
        return None
    target = thread.comments.filter(status=CommentStatus.PUBLISHED, **lookup).first()
    if target is None:
        message = f"There is no published comment {shown} in this thread to reply to."
        error = {"field": field, "source": "body", "message": message}
        raise ApiProblem("invalid-request", f"{field} (body): {message}", errors=[error])
    return target
