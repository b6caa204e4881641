"""Every ``STOA_*`` environment variable, read once, typed, and documented in one table.

Settings come only from the environment (DESIGN.md). Each variable is declared once in ``VARIABLES`` with its
type, default and meaning; ``docs/configuration.md`` is that table in prose, and a test keeps the two in step.
A malformed value fails fast with a sentence that names the variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A ``STOA_*`` variable holds a value Stoa cannot use."""


_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_bool(raw: str) -> bool:
    """Strict booleans: a typo must not silently turn a safety feature off."""
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected one of true/false, yes/no, on/off, 1/0")


def parse_duration(raw: str) -> int:
    """Human durations ("15s", "15m", "72h", "30d", or bare seconds) as whole seconds."""
    match = _DURATION.match(raw)
    if not match:
        raise ValueError('expected a duration such as "15s", "15m", "72h" or "30d"')
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def parse_list(raw: str) -> tuple[str, ...]:
    """Comma-separated values, blanks dropped."""
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def parse_thresholds(raw: str) -> dict[str, float]:
    """ "insult=0.8, threat=0.5" → {"insult": 0.8, "threat": 0.5}; names must be model attributes."""
    from stoa.detection.results import ATTRIBUTES

    thresholds = {}
    for part in parse_list(raw):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in ATTRIBUTES:
            raise ValueError(f"unknown attribute {name!r} (known: {', '.join(ATTRIBUTES)})")
        number = float(value)
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"{name}'s threshold must be between 0 and 1")
        thresholds[name] = number
    return thresholds


def parse_non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("expected a whole number of 0 or more")
    return value


def parse_fraction(raw: str) -> float:
    """A share: a number greater than 0 and at most 1."""
    value = float(raw)
    if not 0.0 < value <= 1.0:
        raise ValueError("expected a number greater than 0 and at most 1")
    return value


def parse_origins(raw: str) -> tuple[str, ...]:
    """Comma-separated web origins ("https://blog.example"), each spelled as browsers send it in ``Origin``."""
    from stoa.discussion.page_urls import web_origin

    return tuple(dict.fromkeys(web_origin(part) for part in parse_list(raw)))


@dataclass(frozen=True)
class Variable:
    """One documented setting: its environment name, how to read it, its default and why it exists."""

    name: str
    parse: Callable[[str], Any]
    default: str
    help: str


VARIABLES: tuple[Variable, ...] = (
    Variable("STOA_DATA_DIR", str, "./var", "Folder for the SQLite database, secret key, static files and uploads."),
    Variable(
        "STOA_DATABASE_URL",
        str,
        "",
        "Database URL (e.g. postgresql://user@host:5432/stoa); empty means SQLite in the data folder.",
    ),
    Variable(
        "STOA_REDIS_URL",
        str,
        "",
        "Redis URL for the shared cache (rate limits across processes); empty means a per-process memory cache.",
    ),
    Variable("STOA_DEBUG", parse_bool, "false", "Django debug pages. Never on in production."),
    Variable(
        "STOA_SECRET_KEY",
        str,
        "",
        "Signing key; empty means one is generated on first run and kept in the data folder.",
    ),
    Variable(
        "STOA_ALLOWED_HOSTS",
        parse_list,
        "127.0.0.1,localhost,[::1]",
        "Host names this site answers to, comma-separated.",
    ),
    Variable(
        "STOA_CSRF_TRUSTED_ORIGINS",
        parse_list,
        "",
        "Extra origins allowed to post forms (e.g. https://blog.example).",
    ),
    Variable("STOA_SITE_NAME", str, "Stoa", "The blog's name, shown in the header and the feeds."),
    Variable("STOA_SITE_URL", str, "http://127.0.0.1:8000", "Public base URL, used in feeds and emails."),
    Variable("STOA_TIME_ZONE", str, "UTC", "Time zone for dates shown to readers (storage is always UTC)."),
    Variable("STOA_POSTS_PER_PAGE", parse_non_negative_int, "10", "Posts per page on the index and archives."),
    Variable(
        "STOA_MAX_IMAGE_BYTES",
        parse_non_negative_int,
        "5242880",
        "Largest image an author may upload to a post, in bytes (5 MiB; 0 refuses every upload).",
    ),
    Variable(
        "STOA_COMMENT_MIN_LENGTH",
        parse_non_negative_int,
        "2",
        "Shortest comment accepted, in characters after trimming.",
    ),
    Variable("STOA_COMMENT_MAX_LENGTH", parse_non_negative_int, "10000", "Longest comment accepted, in characters."),
    Variable(
        "STOA_COMMENT_RATE_LIMIT",
        parse_duration,
        "15s",
        "Least time between two comments from one account or one (hashed) IP.",
    ),
    Variable(
        "STOA_COMMENT_MAX_LINKS",
        parse_non_negative_int,
        "2",
        "A comment with this many links or more is held for review (0 turns the check off).",
    ),
    Variable(
        "STOA_HOLD_FIRST_GUEST_COMMENT",
        parse_bool,
        "true",
        "Hold a guest's comment unless an earlier one from the same name and email was approved.",
    ),
    Variable(
        "STOA_THREAD_DEPTH",
        parse_non_negative_int,
        "3",
        "Deepest reply nesting shown; replies below it attach to the deepest allowed level.",
    ),
    Variable(
        "STOA_CLOSE_COMMENTS_AFTER",
        parse_duration,
        "0",
        "Close comments on a post this long after publication (0 = never).",
    ),
    Variable(
        "STOA_GUEST_EDIT_WINDOW",
        parse_duration,
        "15m",
        "How long a guest may edit their comment from the same browser.",
    ),
    Variable(
        "STOA_MEMBER_EDIT_WINDOW",
        parse_duration,
        "60m",
        "How long a signed-in member may edit their comment.",
    ),
    Variable(
        "STOA_SCORING", parse_bool, "true", "Score every comment with the trained harm model (off: no model is loaded)."
    ),
    Variable(
        "STOA_HOLD_THRESHOLDS",
        parse_thresholds,
        "toxicity=0.8,severe_toxicity=0.5,insult=0.6,threat=0.1,identity_attack=0.5,sexually_explicit=0.8",
        "Hold a comment when a model attribute's calibrated probability reaches its threshold (a post can override).",
    ),
    Variable(
        "STOA_REJECT_THRESHOLDS",
        parse_thresholds,
        "",
        "Reject outright at these probabilities (empty: the model never rejects alone).",
    ),
    Variable(
        "STOA_FLAG_FACTOR",
        parse_fraction,
        "0.5",
        "The flagged queue lists comments scoring at least this share of a hold threshold (0.5: insult 0.30 at 0.60).",
    ),
    Variable(
        "STOA_HOLD_PERSONAL_DATA",
        parse_bool,
        "true",
        "Hold comments with phone numbers, addresses, profile links or threats to someone's home.",
    ),
    Variable(
        "STOA_LINKIFY",
        parse_bool,
        "true",
        "Turn bare web addresses in comments (https://…, www.…, example.com) into links (rel=nofollow ugc).",
    ),
    Variable(
        "STOA_TRUST_STAFF",
        parse_bool,
        "true",
        "Publish comments by moderators, editors and admins without the content checks (banned words and personal "
        "data still apply).",
    ),
    Variable(
        "STOA_TRUST_MEMBERS_AFTER",
        parse_non_negative_int,
        "10",
        "Publish a member's comments without the content checks once this many were approved and none was rejected "
        "and no sanction given within STOA_TRUST_WINDOW (banned words and personal data still apply; 0 = never).",
    ),
    Variable(
        "STOA_TRUST_WINDOW",
        parse_duration,
        "30d",
        "How long a rejected comment or a sanction keeps a member from being trusted.",
    ),
    Variable(
        "STOA_REPEAT_POST_WINDOW",
        parse_duration,
        "24h",
        "Hold a comment repeating the text of one from the same account, guest email or IP this recently (0 = off).",
    ),
    Variable(
        "STOA_REJECTION_RATE_HOLD",
        parse_fraction,
        "0.5",
        "Hold an author's comment when this share of their recent decided comments was rejected or spam.",
    ),
    Variable(
        "STOA_REJECTION_RATE_MIN_COMMENTS",
        parse_non_negative_int,
        "3",
        "The rejection rate counts only once an author has this many decided comments within the window.",
    ),
    Variable(
        "STOA_REJECTION_RATE_WINDOW",
        parse_duration,
        "30d",
        "How far back the rejection rate looks (at most the author's last 10 decided comments; 0 = off).",
    ),
    Variable(
        "STOA_PREMODERATE_ALL",
        parse_bool,
        "false",
        "Hold every comment for review (staff excepted); a post can override it either way.",
    ),
    Variable(
        "STOA_PREMODERATE_FIRST_COMMENTS",
        parse_non_negative_int,
        "0",
        "Hold the comments of members and guests with fewer approved comments than this (0 = off).",
    ),
    Variable(
        "STOA_REPORT_HIDE_WEIGHT",
        float,
        "3.0",
        "Hide a published comment for review once its open reports' summed reporter weight reaches this.",
    ),
    Variable(
        "STOA_API_DEFAULT_QPS",
        parse_non_negative_int,
        "1",
        "Requests per second a new API key may make (Perspective's default is 1; 0: no limit); editable per key.",
    ),
    Variable(
        "STOA_API_IP_QPS",
        parse_non_negative_int,
        "10",
        "Requests per second one client address may make to /api/v1 without an API key (0: no limit).",
    ),
    Variable(
        "STOA_EMBED_ORIGINS",
        parse_origins,
        "",
        "Sites whose pages may embed the comment widget (e.g. https://blog.example), comma-separated; empty: none.",
    ),
    Variable(
        "STOA_PERSPECTIVE_STORE_TEXT",
        parse_bool,
        "false",
        "Keep texts sent to comments:analyze (when doNotStore is false) and comments:suggestscore for retraining.",
    ),
    Variable(
        "STOA_EMAIL_BACKEND",
        str,
        "django.core.mail.backends.console.EmailBackend",
        "Django email backend (console by default: mails are printed).",
    ),
    Variable("STOA_DEFAULT_FROM_EMAIL", str, "stoa@localhost", "Sender address of the mails Stoa sends."),
    Variable(
        "STOA_TASKS_BACKEND",
        str,
        "django.tasks.backends.immediate.ImmediateBackend",
        "Django tasks backend for background work such as notifications (immediate: run in the process).",
    ),
    Variable(
        "STOA_RECEIVE_MENTIONS",
        parse_bool,
        "true",
        "Accept Webmentions (/webmention/) and Pingbacks (/xmlrpc/), verify them and show them in threads.",
    ),
    Variable(
        "STOA_SEND_MENTIONS",
        parse_bool,
        "true",
        "Send Webmentions (or Pingbacks) to the pages a newly published post links to.",
    ),
    Variable(
        "STOA_MENTIONS_PER_MINUTE",
        parse_non_negative_int,
        "30",
        "Webmentions and Pingbacks one client address may send per minute, both endpoints together (0: no limit).",
    ),
    Variable(
        "STOA_OUTBOUND_ALLOW_PRIVATE",
        parse_bool,
        "false",
        "Let mention requests reach private, loopback and link-local addresses (tests and closed networks only).",
    ),
    Variable(
        "STOA_APPEAL_WINDOW_DAYS",
        parse_non_negative_int,
        "20",
        "Days a member has to appeal a decision on their comment or a sanction, from the day it was made.",
    ),
    Variable(
        "STOA_QUEUE_ALERT_SIZE",
        parse_non_negative_int,
        "20",
        "Tell moderators when this many comments wait in the pending queue (0 turns the alert off).",
    ),
    Variable(
        "STOA_QUEUE_ALERT_AGE",
        parse_duration,
        "24h",
        "Tell moderators when the oldest pending comment has waited this long (0 turns the alert off).",
    ),
    Variable(
        "STOA_SHIELD_DURATION",
        parse_duration,
        "72h",
        "How long a shield opened by a pile-on alert or a moderator stays open, unless extended or ended.",
    ),
    Variable(
        "STOA_PILEON_DETECTION",
        parse_bool,
        "true",
        "Watch comments aimed at people for pile-ons and open shields automatically ('false': shields by hand).",
    ),
    Variable(
        "STOA_REMOVAL_REQUEST_DEADLINE",
        parse_duration,
        "72h",
        "How long a post's or comment's author has to answer a removal request before it goes to the moderators.",
    ),
    Variable(
        "STOA_REMOVAL_OPEN_PER_SUBJECT",
        parse_non_negative_int,
        "2",
        "Open removal requests one person (account or email address) may have about one post or comment (0 = no "
        "limit).",
    ),
    Variable(
        "STOA_REMOVAL_DAILY_PER_REQUESTER",
        parse_non_negative_int,
        "5",
        "Removal requests one person (account or email) may file in 24 hours (0 = no limit).",
    ),
    Variable(
        "STOA_REMOVAL_FLOOD_REQUESTERS",
        parse_non_negative_int,
        "3",
        "Once this many different people have open removal requests about one post or comment, new ones go to the "
        "moderators instead of the author, and the flood is noted in the audit log (0 = off).",
    ),
    Variable(
        "STOA_REMOVAL_DAILY_PER_IP",
        parse_non_negative_int,
        "10",
        "Removal requests the form accepts from people without an account from one (hashed) IP address in 24 hours "
        "(0 = no limit).",
    ),
)


@dataclass(frozen=True)
class Config:
    """The parsed settings, keyed by variable name without the ``STOA_`` prefix, lower-cased."""

    values: Mapping[str, Any]

    def __getattr__(self, key: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            raise AttributeError(key) from None

    def replace(self, **changes: Any) -> Config:
        """A copy with some values changed (tests use it to vary one setting)."""
        unknown = set(changes) - set(self.values)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return Config({**self.values, **changes})

    @property
    def data_dir(self) -> Path:
        return Path(self.values["data_dir"]).expanduser().resolve()


def read_config(environ: Mapping[str, str] | None = None) -> Config:
    """Read every declared variable from ``environ`` (default: the process environment) or its default."""
    source = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for variable in VARIABLES:
        raw = source.get(variable.name, variable.default)
        try:
            values[variable.name.removeprefix("STOA_").lower()] = variable.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{variable.name}={raw!r} is not valid: {error}.") from error
    _check_limits(values)
    return Config(values)


def _check_limits(values: dict[str, Any]) -> None:
    from stoa.detection.results import MAX_TEXT_CHARS

    if values["comment_max_length"] > MAX_TEXT_CHARS:
        raise ConfigError(
            f"STOA_COMMENT_MAX_LENGTH={values['comment_max_length']} is not valid: the harm model "
            f"scores at most {MAX_TEXT_CHARS:,} characters."
        )
