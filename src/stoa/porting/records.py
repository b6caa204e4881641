"""The shape every importer reads its source into, and the writer stores: plain frozen dataclasses, no Django.

A reader (``wxr_import``, ``isso_import``, ``disqus_import``, ``json_import``) turns its file into an ``ImportFeed``:
the source's name, its authors and terms, and a stream of ``ThreadRecord`` (a post or page with its comments). The
writer stores one ``ThreadRecord`` per transaction, so a crash never leaves half a post.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from stoa.moderation.decisions import Status


class ImportFileInvalid(ValueError):
    """The file cannot be read as its format at all (malformed XML or JSON, not an Isso database)."""


class RecordInvalid(ValueError):
    """One record of the file cannot be imported (a date that is not a date, a reply to itself)."""


@dataclass(frozen=True)
class AuthorRecord:
    """An account of the source. ``key`` is the source's id for it (a WordPress login, a Stoa username)."""

    key: str
    username: str
    email: str = ""
    display_name: str = ""


@dataclass(frozen=True)
class TermRecord:
    """A category or a tag, known here by its slug."""

    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class CommentRecord:
    """One thread entry as the source has it.

    ``reply_to``: the key of the comment it answers, in the same thread. ``author``: an ``AuthorRecord.key`` for a
    member's comment; otherwise the guest fields. Emails and IP addresses come either plain (hashed on write) or,
    from Stoa's own exports, already hashed. ``number``: the number to keep, where the source has one.
    ``decided_by_source``: the status the old site gave it, in its words ("approved", "pending", "spam").
    """

    key: str
    created_at: datetime
    body: str
    status: Status
    kind: str = "comment"
    reply_to: str | None = None
    author: str | None = None
    guest_name: str = ""
    guest_email: str = ""
    guest_email_hash: str = ""
    guest_website: str = ""
    ip_address: str = ""
    ip_hash: str = ""
    source_url: str = ""
    number: int | None = None
    published_at: datetime | None = None
    edited_at: datetime | None = None
    status_word: str = ""


@dataclass(frozen=True)
class PostRecord:
    """A post of the source. ``author`` is an ``AuthorRecord.key``; ``status`` is ``draft`` or ``published``."""

    key: str
    title: str
    slug: str
    body: str
    author: str
    status: str
    published_at: datetime | None = None
    excerpt: str = ""
    categories: tuple[TermRecord, ...] = ()
    tags: tuple[TermRecord, ...] = ()
    comments_closed: bool = False
    guest_author_name: str = ""
    guest_author_url: str = ""
    guest_author_bio: str = ""
    score_thresholds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ThreadRecord:
    """The unit of import: a post with its comments, or (comments only) a page known by its ``url``.

    ``key`` identifies the thread in the source. ``title`` and ``closed`` describe the thread itself.
    """

    key: str
    comments: tuple[CommentRecord, ...] = ()
    post: PostRecord | None = None
    url: str = ""
    title: str = ""
    closed: bool = False


@dataclass
class ImportFeed:
    """A source opened for import: ``source`` names it for the mapping (``wordpress:https://old.example``),
    ``label`` for people ("WordPress"); ``threads`` is read lazily, so a huge file is never held whole.
    ``skipped`` counts what the reader left out on purpose (attachments, menu items, trashed posts), by kind."""

    source: str
    label: str
    authors: list[AuthorRecord]
    threads: Iterator[ThreadRecord]
    total: int | None = None
    skipped: Counter = field(default_factory=Counter)


@dataclass
class ExportCounts:
    """What an export wrote; ``left_out``: comments the format cannot carry (WXR: those on pages without a post)."""

    posts: int = 0
    comments: int = 0
    left_out: int = 0
