"""``--moderate``: an imported comment goes through the same pipeline as a new one, at its original date.

The context is built as ``discussion.services`` builds it, with ``now`` set to when the comment was written (so
rate limits and sanctions are judged as of then) and the batch's scores. The thread counts as open: the comment was
accepted in its time, and closing a thread later is not a judgement of what was said in it. Comments are imported
thread by thread, so the writer's history may already hold later comments: those do not count against the rate limit.
Pile-on detection is not fed: replaying years of history through it would open shields over conversations long
finished. But a shield open *now* is consulted, like the members' blocks: an imported comment aimed at someone
shielded today, from an author without history with them, waits for review as a new one would.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from functools import partial

from django.utils import timezone

from stoa.discussion.models import Comment, Thread
from stoa.discussion.writing_context import Writing, writing_context
from stoa.moderation import pipeline
from stoa.moderation.context import AuthorHistory
from stoa.moderation.decisions import Decision, Refusal
from stoa.moderation.site_settings import current_scorers
from stoa.porting.batch_scoring import BatchScorer, BatchScores


def pipeline_decision(
    *,
    thread: Thread,
    body: str,
    author,
    guest_name: str,
    email_hash: str,
    ip_hash: str,
    reply_to: Comment | None,
    written_at: datetime,
    batch: BatchScores,
) -> Decision | Refusal:
    """What the pipeline decides about this comment as if it were written at ``written_at``."""
    scorers = current_scorers()
    if scorers["scorer"] is not None:
        scorers["scorer"] = BatchScorer(batch)
    writing = Writing(
        thread=thread,
        text=body,
        author=author,
        guest_name=guest_name,
        email_hash=email_hash,
        ip_hash=ip_hash,
        reply_to=reply_to,
    )
    context, _ = writing_context(
        writing,
        now=written_at,
        thread_closed=False,
        scorers=scorers,
        history_as_of=partial(_as_of, written_at=written_at),
        shields_at=timezone.now(),
    )
    return pipeline.run(context)


def _as_of(history: AuthorHistory, written_at: datetime) -> AuthorHistory:
    """The history without what came after ``written_at`` (comments imported from a later thread)."""
    return dataclasses.replace(
        history,
        last_comment_at=_before(history.last_comment_at, written_at),
        last_comment_from_ip_at=_before(history.last_comment_from_ip_at, written_at),
        recent_outcomes=tuple(outcome for outcome in history.recent_outcomes if outcome[0] <= written_at),
        recent_comments=tuple(recent for recent in history.recent_comments if recent.at <= written_at),
    )


def _before(moment: datetime | None, limit: datetime) -> datetime | None:
    return moment if moment is not None and moment <= limit else None
