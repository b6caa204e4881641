"""The moderation context of a comment being written, rewritten or imported: built in one place.

``submit_comment``, an edit (``moderate_again``), the nudge and ``stoa import --moderate`` all ask the pipeline
about a text; they differ only in a few facts (is the thread open, which comment is being replaced, the history
as of when). ``writing_context`` takes those as arguments and returns the frozen ``ModerationContext`` with the
shields the writer meets, plus whom the text is aimed at (``stoa.safety.aiming``), in a constant number of
queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from stoa.discussion.history import author_history
from stoa.discussion.models import Comment, Thread
from stoa.moderation.context import AuthorHistory, ModerationContext
from stoa.moderation.site_settings import current_scorers, current_settings
from stoa.people.addressing import member_controls
from stoa.safety.aiming import AimedDraft, aim_draft


@dataclass(frozen=True)
class Writing:
    """Who writes what, where. ``editing``: the stored comment this text replaces (an edit), if any."""

    thread: Thread
    text: str
    author: object | None = None
    guest_name: str = ""
    email_hash: str = ""
    ip_hash: str = ""
    reply_to: Comment | None = None
    editing: Comment | None = None


def writing_context(
    writing: Writing,
    *,
    now: datetime,
    thread_closed: bool,
    scorers: dict | None = None,
    history_as_of: Callable[[AuthorHistory], AuthorHistory] | None = None,
    shields_at: datetime | None = None,
) -> tuple[ModerationContext, AimedDraft]:
    """The context the pipeline reads for ``writing`` at ``now``, and whom the text is aimed at.

    ``scorers``: the harm scorers to use (default: the site's). ``history_as_of``: trims the writer's history
    (an import judges an old comment by what came before it). ``shields_at``: when to look for open shields
    (default ``now``; an import looks at the shields open today).
    """
    post = writing.thread.post
    moderation_settings = current_settings(post)
    history = author_history(
        author=writing.author,
        guest_name=writing.guest_name,
        email_hash=writing.email_hash,
        ip_hash=writing.ip_hash,
        now=now,
        settings=moderation_settings,
        exclude_pk=writing.editing.pk if writing.editing is not None else None,
    )
    if history_as_of is not None:
        history = history_as_of(history)
    aimed = aim_draft(
        text=writing.text,
        author=writing.author,
        email_hash=writing.email_hash,
        reply_to=writing.reply_to,
        post=post,
        approved_comments=history.approved_comments,
        now=shields_at or now,
        editing=writing.editing,
        ip_hash=writing.ip_hash,
    )
    context = ModerationContext(
        text=writing.text,
        now=now,
        thread_closed=thread_closed,
        post_premoderated=bool(post and post.premoderate_comments),
        author=history,
        settings=moderation_settings,
        member_controls=member_controls(
            writing.author, reply_to_author_id=getattr(writing.reply_to, "author_id", None), text=writing.text
        ),
        shielded=aimed.shielded,
        **(scorers if scorers is not None else current_scorers()),
    )
    return context, aimed
