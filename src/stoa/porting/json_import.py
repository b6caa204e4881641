"""Reading Stoa's own JSON export (``stoa export --format json``) back in: the other half of the round trip.

Everything the export holds comes back: posts with their authors, categories, tags and settings, page threads,
and comments with their threading, numbers, kinds, statuses, dates and hashed emails and IP addresses (hashes
keep their meaning only on a site with the same ``STOA_SECRET_KEY``). The format is described in
``stoa.porting.json_export``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stoa.moderation.decisions import Status
from stoa.porting.dates import iso_date, optional_iso_date
from stoa.porting.records import (
    AuthorRecord,
    CommentRecord,
    ImportFeed,
    ImportFileInvalid,
    PostRecord,
    RecordInvalid,
    TermRecord,
    ThreadRecord,
)


def read_json(path: Path) -> ImportFeed:
    data = _load(path)
    site = data.get("site") if isinstance(data.get("site"), dict) else {}
    authors = [_guarded(f"author {entry!r}", _author, entry) for entry in data.get("authors", [])]
    threads = {entry["key"]: entry for entry in data.get("threads", []) if isinstance(entry, dict) and "key" in entry}
    comments = _comments_by_thread(data["comments"])
    pages = [key for key, entry in threads.items() if entry.get("post") is None and comments.get(("thread", key))]
    feed = ImportFeed(
        source=f"stoa:{site.get('url') or path.name}",
        label="Stoa",
        authors=authors,
        threads=_threads(data, threads, comments, pages),
        total=len(data["posts"]) + len(pages),
    )
    post_ids = {entry.get("id") for entry in data["posts"] if isinstance(entry, dict)}
    orphans = sum(len(group) for (kind, key), group in comments.items() if kind == "post" and key not in post_ids)
    if orphans:
        feed.skipped["comments on posts missing from the file"] = orphans
    return feed


def _comments_by_thread(entries: list) -> dict[tuple[str, Any], list[dict]]:
    """Comments grouped by ``("post", id)``, or ``("thread", key)`` for a page thread without a post."""
    grouped: dict[tuple[str, Any], list[dict]] = defaultdict(list)
    for entry in entries:
        if not isinstance(entry, dict):
            raise RecordInvalid(f"the comments list holds {entry!r}, not a comment")
        post, thread = entry.get("post"), entry.get("thread")
        if not isinstance(post, int | None) or not isinstance(thread, str | None):
            raise RecordInvalid(f"comment {entry.get('id')!r}: its post must be an id and its thread a key")
        grouped[("post", post) if post is not None else ("thread", thread)].append(entry)
    return grouped


def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportFileInvalid(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ImportFileInvalid(f"{path} is not UTF-8 text, so not a Stoa JSON export") from None
    except json.JSONDecodeError as error:
        raise ImportFileInvalid(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("posts"), list)
        or not isinstance(data.get("comments"), list)
    ):
        raise ImportFileInvalid(f'{path} is not a Stoa export: it needs top-level "posts" and "comments" lists')
    return data


def _threads(data: dict, threads: dict, comments: dict, pages: list[str]) -> Iterator[ThreadRecord]:
    terms = {
        kind: {term.slug: term for term in (_guarded(f"{kind} entry {t!r}", _term, t) for t in data.get(kind, []))}
        for kind in ("categories", "tags")
    }
    by_post = {entry["post"]: entry for entry in threads.values() if entry.get("post") is not None}
    for entry in data["posts"]:
        if not isinstance(entry, dict):
            raise RecordInvalid(f"the posts list holds {entry!r}, not a post")
        post = _guarded(f"post {entry.get('id')!r}", _post, entry, terms)
        thread = by_post.get(entry.get("id"), {})
        yield ThreadRecord(
            key=f"post:{post.key}",
            comments=tuple(_guarded(f"comment {c.get('id')!r}", _comment, c) for c in comments[("post", entry["id"])]),
            post=post,
            title=thread.get("title", post.title),
            closed=bool(thread.get("closed", False)),
        )
    for key in pages:
        thread = threads[key]
        yield ThreadRecord(
            key=f"thread:{key}",
            comments=tuple(_guarded(f"comment {c.get('id')!r}", _comment, c) for c in comments[("thread", key)]),
            url=key,
            title=thread.get("title", ""),
            closed=bool(thread.get("closed", False)),
        )


def _guarded(what: str, build, *args):
    """Build a record; a missing or mistyped field names the record it is in."""
    try:
        return build(*args)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, RecordInvalid):
            raise
        raise RecordInvalid(f"{what}: {type(error).__name__} {error}") from None


def _author(entry: dict) -> AuthorRecord:
    return AuthorRecord(entry["username"], entry["username"], entry.get("email", ""), entry.get("display_name", ""))


def _term(entry: dict) -> TermRecord:
    return TermRecord(entry["slug"], entry.get("name", entry["slug"]), entry.get("description", ""))


def _post(entry: dict, terms: dict) -> PostRecord:
    what = f"post {entry['id']!r}"
    return PostRecord(
        key=str(entry["id"]),
        title=entry["title"],
        slug=entry.get("slug", ""),
        body=entry.get("body", ""),
        author=entry["author"],
        status=entry.get("status", "draft"),
        published_at=optional_iso_date(entry.get("published_at"), what=what),
        excerpt=entry.get("excerpt", ""),
        categories=tuple(
            terms["categories"].get(slug) or TermRecord(slug, slug) for slug in entry.get("categories", [])
        ),
        tags=tuple(terms["tags"].get(slug) or TermRecord(slug, slug) for slug in entry.get("tags", [])),
        comments_closed=bool(entry.get("comments_closed", False)),
        guest_author_name=entry.get("guest_author_name", ""),
        guest_author_url=entry.get("guest_author_url", ""),
        guest_author_bio=entry.get("guest_author_bio", ""),
        score_thresholds=dict(entry.get("score_thresholds") or {}),
    )


def _comment(entry: dict) -> CommentRecord:
    what = f"comment {entry['id']!r}"
    reply_to = entry.get("in_reply_to") or entry.get("parent")
    return CommentRecord(
        key=str(entry["id"]),
        created_at=iso_date(entry["created_at"], what=what),
        body=entry.get("body", ""),
        status=Status(entry["status"]),
        kind=entry.get("kind", "comment"),
        reply_to=str(reply_to) if reply_to is not None else None,
        author=entry.get("author"),
        guest_name=entry.get("guest_name", ""),
        guest_email_hash=entry.get("guest_email_hash", ""),
        guest_website=entry.get("guest_website", ""),
        ip_hash=entry.get("ip_hash", ""),
        source_url=entry.get("source_url", ""),
        number=entry.get("number"),
        published_at=optional_iso_date(entry.get("published_at"), what=what),
        edited_at=optional_iso_date(entry.get("edited_at"), what=what),
        status_word=entry["status"],
    )
