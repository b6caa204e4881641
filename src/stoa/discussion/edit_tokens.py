"""Which comments this browser wrote: a signed cookie listing their ids.

A guest has no account, so "the same browser" is how we know they may edit their comment (within the edit
window, which the service checks against the comment's own time) and see it while it awaits moderation. The
cookie is signed with the site key, so it cannot be forged or extended by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "stoa_comments"
_SALT = "stoa.discussion.comment-ownership"
_KEEP_IDS = 50
_MAX_AGE = 14 * 86400


def owned_comment_ids(request: HttpRequest) -> set[int]:
    """The ids of comments this browser wrote (an invalid or expired cookie counts as none)."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return set()
    try:
        return {int(cid) for cid in signing.loads(raw, salt=_SALT, max_age=_MAX_AGE)}
    except (signing.BadSignature, TypeError, ValueError):
        return set()


def remember_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Add ``comment_id`` to the browser's signed list, keeping the most recent few."""
    ids = [cid for cid in sorted(owned_comment_ids(request)) if cid != comment_id]
    ids = [*ids, comment_id][-_KEEP_IDS:]
    response.set_cookie(
        COOKIE,
        signing.dumps(ids, salt=_SALT),
        max_age=_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.CONFIG.site_url.startswith("https"),
    )
