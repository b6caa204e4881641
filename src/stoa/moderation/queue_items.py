"""What the queue page shows for each comment, built for a whole page in a constant number of queries.

The comments come from a queue's query, their decisions prefetched; this adds the authors' histories and earlier
comments (at most two queries each, whatever the page's size) and reads everything else from what was fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.highlighting import ScoreBar, marked_text, score_bars
from stoa.moderation.history import AuthorHistory, author_histories, history_key
from stoa.moderation.models import ModerationDecision
from stoa.moderation.queue import earlier_comments_of, latest_decision, latest_model_scores
from stoa.moderation.redaction import personal_data_spans, redact
from stoa.moderation.transitions import ALLOWED

# The buttons of an item: each action and the status it leads to; shown only where the transition is allowed.
ACTION_TARGETS = {"approve": Status.PUBLISHED, "reject": Status.REJECTED, "spam": Status.SPAM}


@dataclass(frozen=True)
class QueueItem:
    """One comment as the queue shows it.

    ``decision``: the latest (who decided, when, why). ``marked``: the text as written with the flagged parts
    marked. ``bars``: the model's latest scores. ``actions``: which of approve, reject, spam its status allows.
    ``redacted_text``: the text with the personal data the detector found replaced, ``""`` if it found none.
    """

    comment: Comment
    decision: ModerationDecision | None
    marked: SafeString
    bars: list[ScoreBar]
    earlier: list[Comment]
    history: AuthorHistory | None
    actions: tuple[str, ...]
    redacted_text: str
    redactions: int

    @property
    def can_edit(self) -> bool:
        """Edit-and-approve is for held comments only (``actions.edit_and_approve``)."""
        return self.comment.status == Status.HELD


def queue_items(comments: Iterable[Comment]) -> list[QueueItem]:
    comments = list(comments)
    histories = author_histories(comments)
    earlier = earlier_comments_of(comments)
    return [_item(comment, earlier[comment.pk], histories.get(history_key(comment))) for comment in comments]


def current_highlights(comment: Comment) -> list[dict]:
    """The marked parts that still fit the text: those of the newest decision made since the text last changed
    (an edit moves the offsets, so older decisions' highlights are dropped)."""
    changed_at = comment.edited_at or comment.created_at
    for decision in comment.decisions.all():  # newest first
        if decision.created_at < changed_at:
            break
        if decision.highlights:
            return decision.highlights
    return []


def redacted_body(comment: Comment) -> tuple[str, int]:
    """The comment's text with the personal data the detector found replaced, and how many parts were."""
    spans = personal_data_spans(current_highlights(comment), len(comment.body))
    return redact(comment.body, spans), len(spans)


def _item(comment: Comment, earlier: list[Comment], history: AuthorHistory | None) -> QueueItem:
    highlights = current_highlights(comment)
    redacted, redactions = redacted_body(comment)
    allowed = ALLOWED[Status(comment.status)]
    return QueueItem(
        comment=comment,
        decision=latest_decision(comment),
        marked=marked_text(comment.body, highlights),
        bars=score_bars(latest_model_scores(comment)),
        earlier=earlier,
        history=history,
        actions=tuple(name for name, target in ACTION_TARGETS.items() if target in allowed),
        redacted_text=redacted if redactions else "",
        redactions=redactions,
    )
