"""The comment widget's endpoints: a page's thread found by the page's address, read and written across origins.

``GET /api/v1/threads/by-url/comments?url=PAGE`` lists what a signed-out reader sees (an empty page, and no thread
row, before the first comment); ``POST`` with the same ``url`` creates the page's thread on its first comment and
submits the comment through the form's own path (``comments.submission_answer``): the same pipeline, shields,
blocks and rate limit. Both answer only pages on ``STOA_EMBED_ORIGINS``, and only those origins get CORS headers:
a request whose ``Origin`` is another site is refused before anything runs. Guests write with a name and email;
an API key with the ``comment`` scope writes as its member. The session cookie is never used (docs/embed.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from ninja import Query, Router

from stoa.api.models import Scope
from stoa.api.v1.auth import caller_of, key_or_anonymous
from stoa.api.v1.comments import comment_page, reply_target, submission_answer, visible_comments
from stoa.api.v1.outcomes import OUTCOME_MESSAGES
from stoa.api.v1.problems import ApiProblem, problem_response
from stoa.api.v1.schemas import CommentCreated, GuestCommentIn, PageCommentsOut, PageQuery, answers
from stoa.discussion.embedding import EmbedNotAllowed, embeddable_page, origin_allowed, page_thread, thread_for_page
from stoa.discussion.models import Comment, Thread
from stoa.discussion.page_urls import PageUrl, PageUrlInvalid
from stoa.discussion.services import CommentDraft
from stoa.discussion.threads import is_closed
from stoa.moderation.decisions import Status as CommentStatus
from stoa.requests import client_ip

ROUTE = "threads/by-url/comments"
PREFLIGHT_MAX_AGE = 7200  # seconds; Chromium caps a preflight's cache at two hours
# The widget cannot show a guest their held comment again after a reload (it keeps no cookie), so it says so.
EMBED_MESSAGES = {
    **OUTCOME_MESSAGES,
    CommentStatus.HELD: "Your comment is awaiting moderation. It will appear here once a moderator approves it.",
}

router = Router(tags=["comment widget"])


def _allowed_page(url: str) -> PageUrl:
    """The page at ``url`` as a problem-raising lookup: 422 for an address that is not one, 403 for another site."""
    try:
        return embeddable_page(url)
    except PageUrlInvalid as invalid:
        error = {"field": "url", "source": "query", "message": str(invalid)}
        raise ApiProblem("invalid-request", f"url (query): {invalid}.", errors=[error]) from None
    except EmbedNotAllowed as refusal:
        raise ApiProblem("origin-not-allowed", str(refusal)) from None


@router.get(f"/{ROUTE}", response=answers(PageCommentsOut, 403), auth=key_or_anonymous(Scope.READ))
def list_page_comments(request: HttpRequest, url: str, page: Query[PageQuery]):
    """The comments on the page at ``url`` that the caller may see; an empty page (and no thread) before the first."""
    found = _allowed_page(url)
    thread = page_thread(found)
    comments = visible_comments(caller_of(request)).filter(thread=thread)
    return {
        **comment_page(request, comments, page),
        "page_url": found.url,
        "thread": thread.pk if thread else None,
        "closed": bool(thread) and is_closed(thread, timezone.now()),
        "site_name": settings.CONFIG.site_name,
        "site_url": settings.CONFIG.site_url,
    }


@router.post(
    f"/{ROUTE}",
    response=answers(CommentCreated, 400, 403, statuses=(201, 202)),
    auth=key_or_anonymous(Scope.COMMENT),
)
def create_page_comment(request: HttpRequest, url: str, payload: GuestCommentIn):
    """Post a comment on the page at ``url``, as a guest (``name``, ``email``) or as an API key's member; the page's
    first comment creates its thread (201 published, 202 held)."""
    found = _allowed_page(url)
    caller = caller_of(request)
    if caller.member is None:
        _require_guest_identity(payload)
    thread, reply_to = _thread_and_reply(found, payload)
    draft = CommentDraft(
        thread=thread,
        body=payload.body,
        author=caller.member,
        guest_name="" if caller.member else payload.name,
        guest_email="" if caller.member else payload.email,
        guest_website="" if caller.member else payload.website,
        reply_to=reply_to,
        ip_address=client_ip(request),
    )
    return submission_answer(caller, draft, EMBED_MESSAGES)


def _thread_and_reply(found: PageUrl, payload: GuestCommentIn) -> tuple[Thread, Comment | None]:
    """The page's thread (made now, if this is its first comment) and the comment answered; a reply on a page
    without comments is refused before any thread is made."""
    thread = page_thread(found)
    if thread is None:
        asked = [field for field in ("in_reply_to", "reply_to") if getattr(payload, field) is not None]
        if asked:
            message = "This page has no comments yet to reply to."
            errors = [{"field": asked[0], "source": "body", "message": message}]
            raise ApiProblem("invalid-request", f"{asked[0]} (body): {message}", errors=errors)
        thread = thread_for_page(found, payload.title)
    return thread, reply_target(thread, payload)


def _require_guest_identity(payload: GuestCommentIn) -> None:
    """Guests need a name and an email address, as on the site's form; refused before any thread is made."""
    missing = [field for field in ("name", "email") if not getattr(payload, field).strip()]
    if missing:
        errors = [
            {"field": field, "source": "body", "message": f"a guest needs a {field} to comment"} for field in missing
        ]
        detail = "; ".join(f"{error['field']} (body): {error['message']}" for error in errors) + "."
        raise ApiProblem("invalid-request", detail, errors=errors)


# CORS: only the origins of STOA_EMBED_ORIGINS, never with credentials.


def _is_foreign(request: HttpRequest, origin: str) -> bool:
    """Whether ``Origin`` names another site than this one (browsers send it on same-origin POSTs too)."""
    return urlsplit(origin).netloc.lower() != request.get_host().lower()


def _preflight(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, POST"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    response["Allow"] = "GET, POST, OPTIONS"
    return response


def cross_origin(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The widget's endpoints across origins: answer preflights (``OPTIONS``), refuse any other site's ``Origin``
    with a problem and no CORS headers, and echo an allowed one in ``Access-Control-Allow-Origin``.

    No ``Access-Control-Allow-Credentials``: the widget sends no cookies, and a browser drops any it would."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        origin = request.headers.get("Origin")
        foreign = origin is not None and _is_foreign(request, origin)
        if foreign and not origin_allowed(origin):
            detail = (
                f"Requests from {origin} are refused: it is not a site allowed to embed these comments "
                "(STOA_EMBED_ORIGINS)."
            )
            response = problem_response(request, "origin-not-allowed", detail)
        else:
            response = _preflight(request) if request.method == "OPTIONS" else view(request, *args, **kwargs)
            if foreign:
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Expose-Headers"] = "Retry-After"
        patch_vary_headers(response, ["Origin"])
        return response

    return answer


def answered_across_origins(route: str) -> bool:
    """Whether the ``/api/v1`` route (``threads/by-url/comments``) is one of the widget's, served with CORS."""
    return route == ROUTE
