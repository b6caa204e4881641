"""Nudge before posting: a draft that would be held is first shown back to its writer, who may edit it.

The comment view asks ``nudge_for(draft)`` before submitting an unconfirmed draft. When any score reaches its
hold threshold (the band the ``harm_scores`` phase holds at), the view re-renders the form with the text kept, a
respectful prompt and the flagged spans marked in an escaped preview: never a number or an attribute name (a
score is private; it would teach an abuser what to rephrase). "Post anyway" submits with ``confirmed=1`` and the
pipeline then holds the comment as usual.

No nudge when the pipeline would publish the comment anyway as a trusted author's (``trusted_author``: staff and
members in good standing skip the hold band): the prompt would say "will be reviewed" and be wrong. The same
phase answers, on the same context the pipeline would read, so trust that would not apply (a banned word,
personal data, a shield on the person it is aimed at, pre-moderation) still nudges.

Each nudge episode is one ``NudgeEvent``; its id waits in the session and the writer's next submission settles
it: ``revised`` (the text no longer reaches the band) or ``posted_anyway``. One still ``nudged`` after
``REVISION_WINDOW`` counts as ``abandoned``. ``nudge_revision_rate(since)`` gives the figures for the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from stoa.detection.results import Span
from stoa.discussion.models import NudgeEvent, NudgeOutcome, Thread
from stoa.discussion.services import CommentDraft, draft_context
from stoa.moderation.phases.harm_scores import crossed
from stoa.moderation.phases.shields import check_shields
from stoa.moderation.phases.trusted_author import approve_trusted_author
from stoa.moderation.scoring import ScorerUnavailable
from stoa.moderation.site_settings import current_scorers, current_settings
from stoa.privacy import hash_ip

SESSION_KEY = "stoa.nudge"
REVISION_WINDOW = timedelta(minutes=30)
PROMPT = "This may be hurtful to others and will be reviewed before it appears — would you like to edit it?"


@dataclass(frozen=True)
class Nudge:
    """What the writer is shown: their text, HTML-escaped, with the flagged spans in ``<mark>``."""

    preview_html: SafeString
    prompt: str = PROMPT


def _merged(spans: tuple[Span, ...], length: int) -> list[tuple[int, int]]:
    """The spans as sorted, non-overlapping character ranges within the text."""
    ranges: list[tuple[int, int]] = []
    for begin, end in sorted((max(s.begin, 0), min(s.end, length)) for s in spans):
        if begin >= end:
            continue
        if ranges and begin <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((begin, end))
    return ranges


def marked_preview(text: str, spans: tuple[Span, ...]) -> SafeString:
    """``text`` escaped, each flagged span wrapped in ``<mark>`` (escaped inside too)."""
    parts, cursor = [], 0
    for begin, end in _merged(spans, len(text)):
        parts += [escape(text[cursor:begin]), "<mark>", escape(text[begin:end]), "</mark>"]
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the writer's text is escaped above


def nudge_for(draft: CommentDraft, *, now: datetime | None = None) -> Nudge | None:
    """A nudge when the draft's text reaches its post's hold band and trust would not publish it anyway; none when
    scoring is off or the model cannot run (the pipeline then decides alone, failing closed)."""
    scorer = current_scorers()["scorer"]
    if scorer is None:
        return None
    try:
        scores = scorer.score(draft.body)
    except ScorerUnavailable:
        return None
    if not crossed(scores, current_settings(draft.thread.post).hold_thresholds):
        return None
    if published_as_trusted(draft, now=now or timezone.now()):
        return None
    return Nudge(preview_html=marked_preview(draft.body, scores.spans))


def published_as_trusted(draft: CommentDraft, *, now: datetime) -> bool:
    """Whether the pipeline's trusted auto-approve would publish ``draft`` (asked only once the text reaches the
    hold band: building the context costs a few queries). The shields phase runs first, as in the pipeline: a
    shield's hold is one trust does not overrule."""
    context = draft_context(draft, now=now)
    signals = tuple(check_shields(context) or ())
    return approve_trusted_author(context, signals) is not None


def _pending(request: HttpRequest, now: datetime) -> NudgeEvent | None:
    event_id = request.session.get(SESSION_KEY)
    if event_id is None:
        return None
    return NudgeEvent.objects.filter(
        pk=event_id, outcome=NudgeOutcome.NUDGED, created_at__gte=now - REVISION_WINDOW
    ).first()


def record_nudge(request: HttpRequest, thread: Thread, *, ip_address: str, now: datetime) -> NudgeEvent:
    """Open a nudge episode for this session, or keep the one already open (a writer nudged twice is one episode)."""
    if (event := _pending(request, now)) is not None and event.thread_id == thread.pk:
        return event
    member = request.user if request.user.is_authenticated else None
    event = NudgeEvent.objects.create(
        thread=thread, author=member, ip_hash="" if member else hash_ip(ip_address), created_at=now
    )
    request.session[SESSION_KEY] = event.pk
    return event


def settle_nudge(request: HttpRequest, *, confirmed: bool, now: datetime) -> NudgeEvent | None:
    """The session's submission after a nudge: ``posted_anyway`` if confirmed, else ``revised``."""
    event = _pending(request, now)
    request.session.pop(SESSION_KEY, None)
    if event is None:
        return None
    event.outcome = NudgeOutcome.POSTED_ANYWAY if confirmed else NudgeOutcome.REVISED
    event.decided_at = now
    event.save(update_fields=["outcome", "decided_at"])
    return event


@dataclass(frozen=True)
class RevisionRate:
    """Nudge figures since a date. ``authors``: distinct writers nudged (member, else hashed IP);
    ``revised_authors``: those of them who revised at least once; ``share``: their ratio (0.0 when none)."""

    nudged: int
    revised: int
    posted_anyway: int
    abandoned: int
    pending: int
    authors: int
    revised_authors: int

    @property
    def share(self) -> float:
        return self.revised_authors / self.authors if self.authors else 0.0


def _writer(event: NudgeEvent) -> str:
    return f"member:{event.author_id}" if event.author_id else f"ip:{event.ip_hash}"


def nudge_revision_rate(since: datetime, *, now: datetime | None = None) -> RevisionRate:
    """How often nudged writers revised, for nudges opened at or after ``since`` (``now`` for tests)."""
    now = now or timezone.now()
    events = list(NudgeEvent.objects.filter(created_at__gte=since))
    cutoff = now - REVISION_WINDOW

    def outcome(event: NudgeEvent) -> str:
        stale = event.outcome == NudgeOutcome.NUDGED and event.created_at < cutoff
        return NudgeOutcome.ABANDONED if stale else event.outcome

    outcomes = [outcome(e) for e in events]
    return RevisionRate(
        nudged=len(events),
        revised=outcomes.count(NudgeOutcome.REVISED),
        posted_anyway=outcomes.count(NudgeOutcome.POSTED_ANYWAY),
        abandoned=outcomes.count(NudgeOutcome.ABANDONED),
        pending=outcomes.count(NudgeOutcome.NUDGED),
        authors=len({_writer(e) for e in events}),
        revised_authors=len({_writer(e) for e in events if e.outcome == NudgeOutcome.REVISED}),
    )
