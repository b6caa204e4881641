"""Reading a WordPress export (WXR, "Tools → Export" in WordPress) as an ``ImportFeed``, one ``<item>`` at a time.

The channel's header (site address, authors, categories, tags) is read first; items are then parsed one by one and
dropped from memory, so a large export never sits in memory whole. Posts become posts; pages only when asked
(``include_pages``); attachments, menu items and trashed or auto-draft posts are counted as skipped. Comments keep
their threading (``wp:comment_parent``), their kind (comment, pingback, trackback) and their status.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from stoa.porting.dates import optional_iso_date, wordpress_date
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
from stoa.porting.wxr_format import COMMENT_STATUSES, MENTION_KINDS, POST_STATUSES, THREAD_CLOSED_META
from stoa.porting.xml_reading import child_texts, children, local_name, xml_events

_CHANNEL_DEPTH = 2  # rss > channel > (header elements and items)


def read_wxr(path: Path, *, include_pages: bool = False) -> ImportFeed:
    """Open ``path`` and read its header; the items are read as the feed's ``threads`` are consumed."""
    reader = _WxrReader(path)
    item_started = reader.read_header()
    feed = ImportFeed(source=f"wordpress:{reader.site()}", label="WordPress", authors=reader.authors, threads=iter(()))
    feed.threads = reader.read_items(item_started, include_pages=include_pages, skipped=feed.skipped)
    return feed


class _WxrReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.events = xml_events(path)
        self.stack: list[Element] = []
        self.channel: dict[str, str] = {}
        self.authors: list[AuthorRecord] = []
        self.logins: dict[str, str] = {}  # wp:author_id → wp:author_login
        self.terms: dict[tuple[str, str], TermRecord] = {}

    def site(self) -> str:
        for name in ("wp:base_blog_url", "wp:base_site_url", "link", "title"):
            if self.channel.get(name, "").strip():
                return self.channel[name].strip().rstrip("/")
        return self.path.name

    def read_header(self) -> bool:
        """Read up to the first ``<item>``; ``True`` if one started."""
        for event, element in self.events:
            name = local_name(element.tag)
            if event == "start":
                if not self.stack and name != "rss":
                    raise ImportFileInvalid(f"{self.path} is not a WordPress export (WXR): it starts with <{name}>")
                self.stack.append(element)
                if name == "item":
                    return True
                continue
            self.stack.pop()
            if len(self.stack) == _CHANNEL_DEPTH:
                self._header_element(name, element)
                self.stack[-1].remove(element)
        return False

    def _header_element(self, name: str, element: Element) -> None:
        fields = child_texts(element)
        if name == "wp:author":
            login = fields.get("wp:author_login", "").strip()
            if login:
                self.logins[fields.get("wp:author_id", "").strip()] = login
                display = fields.get("wp:author_display_name", "").strip()
                self.authors.append(AuthorRecord(login, login, fields.get("wp:author_email", ""), display))
        elif name == "wp:category":
            slug = fields.get("wp:category_nicename", "")
            description = fields.get("wp:category_description", "")
            self.terms["category", slug] = TermRecord(slug, fields.get("wp:cat_name", slug), description)
        elif name == "wp:tag":
            slug = fields.get("wp:tag_slug", "")
            self.terms["post_tag", slug] = TermRecord(slug, fields.get("wp:tag_name", slug))
        else:
            self.channel.setdefault(name, element.text or "")

    def read_items(self, item_started: bool, *, include_pages: bool, skipped: Counter) -> Iterator[ThreadRecord]:
        if not item_started:
            return
        for event, element in self.events:
            if event == "start":
                self.stack.append(element)
                continue
            self.stack.pop()
            if len(self.stack) == _CHANNEL_DEPTH and local_name(element.tag) == "item":
                record = self._item(element, include_pages, skipped)
                self.stack[-1].remove(element)
                if record is not None:
                    yield record

    def _item(self, item: Element, include_pages: bool, skipped: Counter) -> ThreadRecord | None:
        fields = child_texts(item)
        post_type, status = fields.get("wp:post_type", "post"), fields.get("wp:status", "publish")
        if post_type == "page" and not include_pages:
            skipped["pages (import them with --pages)"] += 1
            return None
        if post_type not in ("post", "page"):
            skipped[f"{post_type} items"] += 1
            return None
        if status not in POST_STATUSES:
            skipped[f"{status} posts"] += 1
            return None
        key = fields.get("wp:post_id", "").strip()
        if not key:
            raise RecordInvalid(f"an item titled {fields.get('title', '')!r} has no wp:post_id")
        what = f"post {key} ({fields.get('title', '')!r})"
        meta = _meta(item, "wp:postmeta")
        post = PostRecord(
            key=key,
            title=fields.get("title", "").strip(),
            slug=fields.get("wp:post_name", ""),
            body=fields.get("content:encoded", ""),
            author=fields.get("dc:creator", "").strip() or "wordpress",
            status=POST_STATUSES[status],
            published_at=_post_date(fields, status, what),
            excerpt=fields.get("excerpt:encoded", ""),
            categories=self._item_terms(item, "category"),
            tags=self._item_terms(item, "post_tag"),
            comments_closed=fields.get("wp:comment_status", "open") == "closed",
            guest_author_name=meta.get("stoa_guest_author_name", ""),
            guest_author_url=meta.get("stoa_guest_author_url", ""),
            guest_author_bio=meta.get("stoa_guest_author_bio", ""),
            score_thresholds=_thresholds(meta.get("stoa_score_thresholds", ""), what),
        )
        comments = tuple(self._comment(element, what) for element in children(item, "wp:comment"))
        closed = meta.get(THREAD_CLOSED_META) == "1"
        return ThreadRecord(key=f"post:{key}", comments=comments, post=post, title=post.title, closed=closed)

    def _item_terms(self, item: Element, domain: str) -> tuple[TermRecord, ...]:
        terms = []
        for element in children(item, "category"):
            if element.get("domain") == domain:
                slug, name = element.get("nicename", ""), (element.text or "").strip()
                terms.append(self.terms.get((domain, slug)) or TermRecord(slug, name))
        return tuple(terms)

    def _comment(self, element: Element, post: str) -> CommentRecord:
        fields = child_texts(element)
        key = fields.get("wp:comment_id", "").strip()
        what = f"comment {key or '(no wp:comment_id)'} on {post}"
        if not key:
            raise RecordInvalid(f"{what}: every comment needs its wp:comment_id")
        created = wordpress_date(fields.get("wp:comment_date_gmt", ""), fields.get("wp:comment_date", ""), what=what)
        if created is None:
            raise RecordInvalid(f"{what}: it has no date")
        approved = fields.get("wp:comment_approved", "1").strip()
        status, word = COMMENT_STATUSES.get(approved, COMMENT_STATUSES["0"])
        kind = fields.get("wp:comment_type", "").strip()
        kind = kind if kind in MENTION_KINDS else "comment"
        parent = fields.get("wp:comment_parent", "0").strip()
        url = fields.get("wp:comment_author_url", "").strip()
        meta = _meta(element, "wp:commentmeta")
        number = meta.get("stoa_number", "")
        return CommentRecord(
            key=key,
            created_at=created,
            body=fields.get("wp:comment_content", ""),
            status=status,
            kind=kind,
            reply_to=None if parent in ("", "0") else parent,
            author=self.logins.get(fields.get("wp:comment_user_id", "0").strip()),
            guest_name=fields.get("wp:comment_author", ""),
            guest_email=fields.get("wp:comment_author_email", ""),
            guest_email_hash=meta.get("stoa_email_hash", ""),
            guest_website=url if kind == "comment" else "",
            source_url=url if kind != "comment" else "",
            ip_address=fields.get("wp:comment_author_IP", ""),
            ip_hash=meta.get("stoa_ip_hash", ""),
            number=int(number) if number.isdigit() else None,
            published_at=optional_iso_date(meta.get("stoa_published_at"), what=what),
            edited_at=optional_iso_date(meta.get("stoa_edited_at"), what=what),
            status_word=word,
        )


def _post_date(fields: dict[str, str], status: str, what: str):
    """A published post's date; a draft's only if one was chosen (WordPress leaves a draft's ``_gmt`` at zero)."""
    local = fields.get("wp:post_date", "") if POST_STATUSES[status] == "published" else ""
    return wordpress_date(fields.get("wp:post_date_gmt", ""), local, what=what)


def _meta(element: Element, name: str) -> dict[str, str]:
    """``wp:postmeta`` / ``wp:commentmeta`` entries as key → value."""
    entries = (child_texts(meta) for meta in children(element, name))
    return {entry.get("wp:meta_key", ""): entry.get("wp:meta_value", "") for entry in entries}


def _thresholds(text: str, what: str) -> dict[str, float]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise RecordInvalid(f"{what}: stoa_score_thresholds must be a JSON object, not {text!r}")
    return value
