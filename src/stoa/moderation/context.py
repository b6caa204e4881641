"""What a phase may read: a frozen snapshot built before the pipeline runs (no phase queries or reads the clock)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from stoa.moderation.decisions import Status
from stoa.moderation.scoring import HarmScorer, PersonalDataFinder


@dataclass(frozen=True)
class ModerationSettings:
    """The moderation settings in force for one comment: the site's ``STOA_*`` values (docs/configuration.md) with
    the post's overrides laid over them (``stoa.moderation.overrides``). Durations are in seconds; a share is 0–1.
    """

    min_length: int = 2
    max_length: int = 10_000
    rate_limit_seconds: int = 15
    max_links: int = 2
    hold_first_guest_comment: bool = True
    banned_words: tuple[str, ...] = ()
    watched_words: tuple[str, ...] = ()
    hold_thresholds: Mapping[str, float] = field(default_factory=dict)
    reject_thresholds: Mapping[str, float] = field(default_factory=dict)
    hold_personal_data: bool = True
    linkify: bool = True
    trust_staff: bool = True
    trust_members_after: int = 10
    trust_window_seconds: int = 30 * 86400
    repeat_window_seconds: int = 86400
    rejection_rate_hold: float = 0.5
    rejection_rate_min_comments: int = 3
    rejection_window_seconds: int = 30 * 86400
    premoderate_all: bool = False
    premoderate_first_comments: int = 0


@dataclass(frozen=True)
class RecentComment:
    """One of the writer's recent comments, for the repeat-post check. ``same_author``: by the same account (or
    guest email); ``False`` when only the hashed IP address is shared."""

    at: datetime
    text: str
    same_author: bool = True


@dataclass(frozen=True)
class AuthorHistory:
    """What the site knows of the comment's author.

    ``is_member``: signed in. ``approved_comments``: their earlier published comments (for a guest: same name and
    email). ``last_comment_at`` / ``last_comment_from_ip_at``: their latest comment by account or email, and the
    latest comment from the same hashed IP, for the rate limit. ``suspended_until``: the end of the member's
    latest unlifted suspension (it applies while it is after ``now``). ``banned`` / ``premoderated``: an unlifted
    ban / pre-moderation. Sanctions are for members only: a guest's are always empty.

    For trust and the content checks: ``may_moderate``: a member who may moderate comments (moderator, editor,
    admin). ``last_rejection_at``: when their latest comment now rejected or spam was written.
    ``last_sanction_at``: when their latest sanction of any kind (a warning too, lifted or not) was given.
    ``recent_outcomes``: (written at, status) of their latest decided comments (published, rejected, spam; at most
    ``RECENT_OUTCOMES``), newest first. ``recent_comments``: the latest comments by the same account, email or
    hashed IP within the repeat-post window (at most ``RECENT_COMMENTS``), newest first.
    """

    is_member: bool = False
    approved_comments: int = 0
    last_comment_at: datetime | None = None
    last_comment_from_ip_at: datetime | None = None
    suspended_until: datetime | None = None
    banned: bool = False
    premoderated: bool = False
    may_moderate: bool = False
    last_rejection_at: datetime | None = None
    last_sanction_at: datetime | None = None
    recent_outcomes: tuple[tuple[datetime, Status], ...] = ()
    recent_comments: tuple[RecentComment, ...] = ()


RECENT_OUTCOMES = 10  # "the author's last comments": the rejection rate looks at no more than these
RECENT_COMMENTS = 20  # the repeat-post check compares the new text with no more than these


@dataclass(frozen=True)
class MemberControls:
    """What members' own controls (``stoa.people``) say about whom this comment addresses.

    ``reply_to``: the member whose comment it answers (``None``: no reply, a guest's comment, or one's own).
    ``mentioned``: the members it @mentions, id → username. ``blocked_by``: those of them who blocked the writer.
    ``dormant``: those of them who are dormant. ``writer_dormant``: the writer is dormant themselves.
    """

    reply_to: int | None = None
    mentioned: Mapping[int, str] = field(default_factory=dict)
    blocked_by: frozenset[int] = frozenset()
    dormant: frozenset[int] = frozenset()
    writer_dormant: bool = False


@dataclass(frozen=True)
class ShieldedTarget:
    """An open shield between this comment's author and someone it is aimed at (no prior approved exchange).

    ``key``: the target's stable key (``member:ann``, ``person:natasha-allmark``). ``label``: the name shown in the
    reason. ``reasons``: why the comment is aimed at them ("reply to #12", "names 'Allmark'").
    """

    key: str
    label: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModerationContext:
    """Everything the pipeline knows about one comment being written."""

    text: str
    now: datetime
    thread_closed: bool = False
    post_premoderated: bool = False  # the post's own switch: every comment on it waits for a moderator
    author: AuthorHistory = field(default_factory=AuthorHistory)
    settings: ModerationSettings = field(default_factory=ModerationSettings)
    scorer: HarmScorer | None = None  # None: no model consulted (scoring switched off)
    personal_data: PersonalDataFinder | None = None
    member_controls: MemberControls = field(default_factory=MemberControls)
    shielded: tuple[ShieldedTarget, ...] = ()  # open shields this author meets (``stoa.safety.aiming``)
