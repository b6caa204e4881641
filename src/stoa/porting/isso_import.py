"""Reading an Isso comments database (its SQLite file) as an ``ImportFeed``: one thread per page URI.

Isso's schema: ``threads(id, uri, title)`` and ``comments(tid, id, parent, created, modified, mode, remote_addr,
text, author, email, website, likes, dislikes, voters, notification)``; ``mode`` is 1 accepted, 2 pending,
4 deleted. Its text is Markdown, as Stoa's is. Likes, dislikes, voters and notification settings have no
counterpart here and are left behind. Each page becomes the post at that address if there is one, else a thread
of its own, keyed as the embed widget keys that page (``stoa.porting.pages``). Isso's ``uri`` is the page's path
only, so the import needs the site it was on (``site_url``, ``--site-url``) and is refused without it. The file
is opened read-only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from stoa.moderation.decisions import Status
from stoa.porting.dates import unix_date
from stoa.porting.pages import is_path_only, page_address, path_only_refusal, site_origin
from stoa.porting.records import CommentRecord, ImportFeed, ImportFileInvalid, RecordInvalid, ThreadRecord

MODES = {1: (Status.PUBLISHED, "accepted"), 2: (Status.HELD, "pending"), 4: (Status.REJECTED, "deleted")}
_COMMENTS = (
    "SELECT id, parent, created, modified, mode, remote_addr, text, author, email, website "
    "FROM comments WHERE tid = ? ORDER BY id"
)


def read_isso(path: Path, *, site_url: str = "") -> ImportFeed:
    """Open the database and list its threads; each thread's comments are read as the feed is consumed.

    ``site_url`` (``https://blog.example``) is the site whose pages Isso's paths are; ``SiteUrlNeeded`` when a
    page is known by its path only and it is not given."""
    origin = site_origin(site_url) if site_url else ""
    connection = _connect(path)
    try:
        threads = connection.execute("SELECT id, uri, title FROM threads ORDER BY id").fetchall()
        source = _session_key(connection) or str(path.resolve())
    except sqlite3.DatabaseError as error:
        connection.close()
        raise ImportFileInvalid(f"{path} is not an Isso database: {error}") from None
    path_only = next((uri for _, uri, _ in threads if uri and is_path_only(uri)), None)
    if path_only is not None and not origin:
        connection.close()
        raise path_only_refusal(str(path), path_only)
    if origin:
        threads = [(thread_id, uri and page_address(uri, origin), title) for thread_id, uri, title in threads]
    return ImportFeed(
        source=f"isso:{source}",
        label="Isso",
        authors=[],
        threads=_threads(connection, threads),
        total=len(threads),
    )


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ImportFileInvalid(f"cannot read {path}: no such file")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        connection.close()
        raise ImportFileInvalid(f"{path} is not an Isso database (not SQLite: {error})") from None
    if not {"threads", "comments"} <= tables:
        connection.close()
        raise ImportFileInvalid(f"{path} is not an Isso database: it has no 'threads' and 'comments' tables")
    return connection


def _session_key(connection: sqlite3.Connection) -> str:
    """Isso's per-installation random key: names this source the same wherever the file is moved."""
    try:
        row = connection.execute("SELECT value FROM preferences WHERE key = 'session-key'").fetchone()
    except sqlite3.DatabaseError:
        return ""
    return str(row[0]) if row else ""


def _threads(connection: sqlite3.Connection, threads: list[tuple]) -> Iterator[ThreadRecord]:
    with closing(connection):
        for thread_id, uri, title in threads:
            rows = connection.execute(_COMMENTS, (thread_id,)).fetchall()
            comments = tuple(_comment(row, uri) for row in rows)
            yield ThreadRecord(key=f"thread:{thread_id}", comments=comments, url=uri or "", title=title or "")


def _comment(row: tuple, uri: str) -> CommentRecord:
    comment_id, parent, created, modified, mode, remote_addr, text, author, email, website = row
    what = f"comment {comment_id} on {uri}"
    if mode not in MODES:
        raise RecordInvalid(f"{what}: mode {mode!r} is none of Isso's (1 accepted, 2 pending, 4 deleted)")
    status, word = MODES[mode]
    created_at = unix_date(created, what=what)
    if created_at is None:
        raise RecordInvalid(f"{what}: it has no creation time")
    return CommentRecord(
        key=str(comment_id),
        created_at=created_at,
        body=text or "",
        status=status,
        reply_to=str(parent) if parent is not None else None,
        guest_name=author or "",
        guest_email=email or "",
        guest_website=website or "",
        ip_address=remote_addr or "",
        published_at=created_at if status == Status.PUBLISHED else None,
        edited_at=unix_date(modified, what=what),
        status_word=word,
    )
