"""What a moderator asks of the queue page — which queue, in what order, narrowed how — read from the query string.

``/moderation/?queue=flagged&sort=score&post=12&author=ann&reason=personal`` lists the flagged comments on post 12
by the member ``ann`` (or the guest named Ann) whose decisions mention "personal", highest model score first.
A value that makes no sense raises ``BadQueueRequest`` with the sentence the page shows; the same parameters are
carried through every button on the page, so a decision returns the moderator to the list they were working.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.urls import reverse

from stoa.blog.models import Post
from stoa.discussion.models import Comment
from stoa.moderation.models import ModerationDecision
from stoa.moderation.queue import (
    decided_comments,
    flagged_comments,
    pending_comments,
    reported_comments,
    shielded_comments,
    with_top_score,
)

MAX_FILTER_LENGTH = 200
SORT_LABELS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "score": "Highest model score first",
    "weight": "Heaviest reports first",
}


class BadQueueRequest(ValueError):
    """A queue, sort or filter value the page cannot use; ``str(error)`` is the sentence shown to the moderator."""


@dataclass(frozen=True)
class QueueDefinition:
    """One queue of the page: its query, the sorts it offers (the first is its default), and which time it sorts
    by (when the comment was written, or for decided comments when the moderator decided)."""

    name: str
    label: str
    query: Callable[[], QuerySet[Comment]]
    sorts: tuple[str, ...]
    time_field: str = "created_at"


QUEUES: dict[str, QueueDefinition] = {
    "pending": QueueDefinition("pending", "Pending", pending_comments, ("newest", "oldest", "score")),
    "reported": QueueDefinition("reported", "Reported", reported_comments, ("weight", "newest", "oldest", "score")),
    "flagged": QueueDefinition("flagged", "Model-flagged", flagged_comments, ("score", "newest", "oldest")),
    "shields": QueueDefinition("shields", "Shields", shielded_comments, ("newest", "oldest", "score")),
    "decided": QueueDefinition("decided", "Decided", decided_comments, ("newest", "oldest", "score"), "decided_at"),
}


@dataclass(frozen=True)
class QueueRequest:
    """The validated parameters. ``post`` is a post's id; ``author`` a username or guest name (any case);
    ``reason`` a piece of any of the comment's decision reasons (any case); ``page`` is left to the paginator."""

    queue: str = "pending"
    sort: str = "newest"
    post: int | None = None
    author: str = ""
    reason: str = ""
    page: str = ""

    @property
    def definition(self) -> QueueDefinition:
        return QUEUES[self.queue]

    @property
    def filtered(self) -> bool:
        return bool(self.post or self.author or self.reason)

    def querystring(self, **changes) -> str:
        """``?queue=…&…`` with only the values that differ from the defaults (``""`` when none do)."""
        asked = replace(self, **changes)
        pairs = {
            "queue": asked.queue if asked.queue != "pending" else "",
            "sort": asked.sort if asked.sort != asked.definition.sorts[0] else "",
            "post": str(asked.post or ""),
            "author": asked.author,
            "reason": asked.reason,
            "page": asked.page,
        }
        encoded = urlencode({key: value for key, value in pairs.items() if value})
        return f"?{encoded}" if encoded else ""

    def url(self, **changes) -> str:
        return reverse("moderation:queue") + self.querystring(**changes)


def read_queue_request(params: Mapping[str, str]) -> QueueRequest:
    """Validate the query string's ``queue``, ``sort``, ``post``, ``author``, ``reason`` (others are ignored)."""
    queue = params.get("queue") or "pending"
    if queue not in QUEUES:
        raise BadQueueRequest(f"There is no {queue!r} queue: choose {_choices(QUEUES)}.")
    sorts = QUEUES[queue].sorts
    sort = params.get("sort") or sorts[0]
    if sort not in sorts:
        raise BadQueueRequest(f"The {queue} queue cannot be sorted by {sort!r}: choose {_choices(sorts)}.")
    return QueueRequest(
        queue=queue,
        sort=sort,
        post=_post_id(params.get("post", "").strip()),
        author=_text_filter(params, "author"),
        reason=_text_filter(params, "reason"),
        page=params.get("page", "")[:10],
    )


def _choices(names) -> str:
    names = list(names)
    return ", ".join(names[:-1]) + f" or {names[-1]}"


def _post_id(raw: str) -> int | None:
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise BadQueueRequest(f"post must be a post's number (its id), not {raw!r}.")
    if not Post.objects.filter(pk=int(raw)).exists():
        raise BadQueueRequest(f"There is no post number {int(raw)}.")
    return int(raw)


def _text_filter(params: Mapping[str, str], name: str) -> str:
    value = " ".join(params.get(name, "").split())
    if len(value) > MAX_FILTER_LENGTH:
        raise BadQueueRequest(f"{name} is {len(value)} characters long; a filter has at most {MAX_FILTER_LENGTH}.")
    return value


def narrowed(comments: QuerySet[Comment], asked: QueueRequest) -> QuerySet[Comment]:
    """``comments`` on the asked post, by the asked author, with a decision reason containing the asked words."""
    if asked.post:
        comments = comments.filter(thread__post_id=asked.post)
    if asked.author:
        comments = comments.filter(
            Q(author__username__iexact=asked.author) | Q(author__isnull=True, guest_name__iexact=asked.author)
        )
    if asked.reason:
        mentions = ModerationDecision.objects.filter(reasons__icontains=_as_stored(asked.reason))
        comments = comments.filter(Exists(mentions.filter(comment=OuterRef("pk"))))
    return comments


def _as_stored(words: str) -> str:
    """``words`` as they appear inside the reasons' stored JSON text (the lookup searches that text): escaped the
    way ``json.dumps`` writes them on SQLite, with non-ASCII letters kept as they are in PostgreSQL's ``jsonb``."""
    return json.dumps(words, ensure_ascii=connection.vendor != "postgresql")[1:-1]


def listing(asked: QueueRequest) -> QuerySet[Comment]:
    """The asked queue, narrowed and sorted."""
    definition = asked.definition
    comments = narrowed(definition.query(), asked)
    time = definition.time_field
    if asked.sort == "newest":
        return comments.order_by(F(time).desc(), "-id")
    if asked.sort == "oldest":
        return comments.order_by(F(time).asc(), "id")
    if asked.sort == "score":
        return with_top_score(comments).order_by(F("top_score").desc(nulls_last=True), "-created_at", "-id")
    return comments  # "weight": the reported queue's own order


def queue_sizes(asked: QueueRequest) -> dict[str, int]:
    """How many comments each queue holds under the same filters (one count query per queue)."""
    return {name: narrowed(definition.query(), asked).count() for name, definition in QUEUES.items()}


def queue_url(back: str) -> str:
    """The queue page a form was posted from, rebuilt from its query string ``back`` through validation, so a
    decision returns to the same list (and a tampered ``back`` can only ever lead to the queue itself)."""
    try:
        asked = read_queue_request(QueryDict(back.removeprefix("?")))
    except BadQueueRequest:
        asked = QueueRequest()
    return asked.url()
