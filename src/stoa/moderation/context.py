"""What a phase may read: a frozen snapshot built before the pipeline runs (no phase queries or reads the clock)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from stoa.moderation.scoring import HarmScorer, PersonalDataFinder


@dataclass(frozen=True)
class ModerationSettings:
    """The site's moderation settings (from ``STOA_*`` variables; per-post overrides come later)."""

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


@dataclass(frozen=True)
class AuthorHistory:
    """What the site knows of the comment's author.

    ``is_member``: signed in. ``approved_comments``: their earlier published comments (for a guest: same name and
    email). ``last_comment_at`` / ``last_comment_from_ip_at``: their latest comment by account or email, and the
    latest comment from the same hashed IP, for the rate limit. ``suspended_until``: the end of the member's
    latest unlifted suspension (it applies while it is after ``now``). ``banned`` / ``premoderated``: an unlifted
    ban / pre-moderation. Sanctions are for members only: a guest's are always empty.
    """

    is_member: bool = False
    approved_comments: int = 0
    last_comment_at: datetime | None = None
    last_comment_from_ip_at: datetime | None = None
    suspended_until: datetime | None = None
    banned: bool = False
    premoderated: bool = False


@dataclass(frozen=True)
class ModerationContext:
    """Everything the pipeline knows about one comment being written."""

    text: str
    now: datetime
    thread_closed: bool = False
    author: AuthorHistory = field(default_factory=AuthorHistory)
    settings: ModerationSettings = field(default_factory=ModerationSettings)
    scorer: HarmScorer | None = None  # None: no model consulted (scoring switched off)
    personal_data: PersonalDataFinder | None = None
