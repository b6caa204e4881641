"""The site as a WordPress export (WXR 1.2), which WordPress's importer and Stoa's own read.

Posts become ``<item>`` with their categories, tags and comments (threaded by ``wp:comment_parent``, pingbacks and
trackbacks by ``wp:comment_type``). What WordPress has no field for travels as ``stoa_*`` metadata
(``stoa.porting.wxr_format``). WXR has no place for a thread without a post (a page that embeds the widget):
those comments are counted as left out; the JSON export carries them. Written as a stream, a post at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from email.utils import format_datetime
from typing import TextIO
from xml.sax.saxutils import XMLGenerator

from django.conf import settings
from django.utils import timezone

from stoa.blog.models import Category, Post, PostStatus, Tag
from stoa.discussion.models import Comment, CommentKind
from stoa.porting.json_export import writers
from stoa.porting.records import ExportCounts
from stoa.porting.wxr_format import NAMESPACES, THREAD_CLOSED_META, WXR_COMMENT_STATUS

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ZERO_DATE = "0000-00-00 00:00:00"
_POSTS_PER_QUERY = 200


class _Xml:
    """Elements by qualified name (``wp:post_id``); text cleaned of characters XML 1.0 cannot hold."""

    def __init__(self, stream: TextIO) -> None:
        self.out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)

    def open(self, name: str, attributes: dict[str, str] | None = None) -> None:
        self.out.startElement(name, attributes or {})
        self.out.ignorableWhitespace("\n")

    def close(self, name: str) -> None:
        self.out.endElement(name)
        self.out.ignorableWhitespace("\n")

    def element(self, name: str, text: object = "", attributes: dict[str, str] | None = None) -> None:
        self.out.startElement(name, attributes or {})
        if text not in ("", None):
            self.out.characters(_NOT_IN_XML.sub("", str(text)))
        self.close(name)


def write_wxr(stream: TextIO, *, now: dt.datetime) -> ExportCounts:
    xml = _Xml(stream)
    xml.out.startDocument()
    xml.open("rss", {"version": "2.0", **{f"xmlns:{prefix}": uri for prefix, uri in NAMESPACES.items()}})
    xml.open("channel")
    _channel_header(xml, now)
    counts = ExportCounts()
    for chunk in _post_chunks():
        comments = _comments_by_post(chunk)
        for post in chunk:
            _item(xml, post, comments[post.pk], now)
            counts.posts += 1
            counts.comments += len(comments[post.pk])
    counts.left_out = Comment.objects.filter(thread__post__isnull=True).count()
    xml.close("channel")
    xml.close("rss")
    xml.out.endDocument()
    return counts


def _channel_header(xml: _Xml, now: dt.datetime) -> None:
    config = settings.CONFIG
    site_url = config.site_url.rstrip("/")
    xml.element("title", config.site_name)
    xml.element("link", site_url)
    xml.element("description", "")
    xml.element("pubDate", format_datetime(now.astimezone(dt.UTC), usegmt=True))
    xml.element("generator", "Stoa")
    xml.element("wp:wxr_version", "1.2")
    xml.element("wp:base_site_url", site_url)
    xml.element("wp:base_blog_url", site_url)
    for user in writers():
        xml.open("wp:author")
        xml.element("wp:author_id", user.pk)
        xml.element("wp:author_login", user.username)
        xml.element("wp:author_email", user.email)
        xml.element("wp:author_display_name", user.display_name)
        xml.close("wp:author")
    for category in Category.objects.order_by("pk"):
        xml.open("wp:category")
        xml.element("wp:term_id", category.pk)
        xml.element("wp:category_nicename", category.slug)
        xml.element("wp:cat_name", category.name)
        xml.element("wp:category_description", category.description)
        xml.close("wp:category")
    for tag in Tag.objects.order_by("pk"):
        xml.open("wp:tag")
        xml.element("wp:term_id", tag.pk)
        xml.element("wp:tag_slug", tag.slug)
        xml.element("wp:tag_name", tag.name)
        xml.close("wp:tag")


def _post_chunks():
    posts = Post.objects.select_related("author").prefetch_related("categories", "tags", "thread").order_by("pk")
    last = 0
    while chunk := list(posts.filter(pk__gt=last)[:_POSTS_PER_QUERY]):
        yield chunk
        last = chunk[-1].pk


def _comments_by_post(posts: list[Post]) -> dict[int, list[Comment]]:
    comments = Comment.objects.filter(thread__post__in=posts).select_related("author", "thread")
    grouped: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments.order_by("created_at", "pk"):
        grouped[comment.thread.post_id].append(comment)
    return grouped


def _item(xml: _Xml, post: Post, comments: list[Comment], now: dt.datetime) -> None:
    published = post.status == PostStatus.PUBLISHED
    xml.open("item")
    xml.element("title", post.title)
    xml.element("link", settings.CONFIG.site_url.rstrip("/") + post.get_absolute_url() if published else "")
    xml.element("pubDate", format_datetime(post.published_at.astimezone(dt.UTC), usegmt=True) if published else "")
    xml.element("dc:creator", post.author.username)
    xml.element("guid", f"{settings.CONFIG.site_url.rstrip('/')}/?p={post.pk}", {"isPermaLink": "false"})
    xml.element("description", "")
    xml.element("content:encoded", post.body)
    xml.element("excerpt:encoded", post.excerpt)
    xml.element("wp:post_id", post.pk)
    xml.element("wp:post_date", _local(post.published_at))
    xml.element("wp:post_date_gmt", _gmt(post.published_at))
    xml.element("wp:comment_status", "closed" if post.comments_closed else "open")
    xml.element("wp:ping_status", "open")
    xml.element("wp:post_name", post.slug)
    xml.element("wp:status", ("future" if post.published_at > now else "publish") if published else "draft")
    xml.element("wp:post_parent", 0)
    xml.element("wp:menu_order", 0)
    xml.element("wp:post_type", "post")
    xml.element("wp:is_sticky", 0)
    for category in post.categories.all():
        xml.element("category", category.name, {"domain": "category", "nicename": category.slug})
    for tag in post.tags.all():
        xml.element("category", tag.name, {"domain": "post_tag", "nicename": tag.slug})
    _meta(xml, "wp:postmeta", _post_meta(post))
    for comment in comments:
        _comment(xml, comment)
    xml.close("item")


def _post_meta(post: Post) -> dict[str, str]:
    thread = getattr(post, "thread", None)
    meta = {
        "stoa_guest_author_name": post.guest_author_name,
        "stoa_guest_author_url": post.guest_author_url,
        "stoa_guest_author_bio": post.guest_author_bio,
        "stoa_score_thresholds": json.dumps(post.score_thresholds) if post.score_thresholds else "",
        THREAD_CLOSED_META: "1" if thread is not None and thread.closed else "",
    }
    return {key: value for key, value in meta.items() if value}


def _comment(xml: _Xml, comment: Comment) -> None:
    is_mention = comment.kind != CommentKind.COMMENT
    xml.open("wp:comment")
    xml.element("wp:comment_id", comment.pk)
    xml.element("wp:comment_author", comment.author.public_name if comment.author_id else comment.guest_name)
    xml.element("wp:comment_author_email", comment.author.email if comment.author_id else "")
    xml.element("wp:comment_author_url", comment.source_url if is_mention else comment.guest_website)
    xml.element("wp:comment_author_IP", "")
    xml.element("wp:comment_date", _local(comment.created_at))
    xml.element("wp:comment_date_gmt", _gmt(comment.created_at))
    xml.element("wp:comment_content", comment.body)
    xml.element("wp:comment_approved", WXR_COMMENT_STATUS[comment.status])
    xml.element("wp:comment_type", comment.kind)
    xml.element("wp:comment_parent", comment.in_reply_to_id or comment.parent_id or 0)
    xml.element("wp:comment_user_id", comment.author_id or 0)
    meta = {
        "stoa_number": comment.number or "",
        "stoa_email_hash": comment.guest_email_hash,
        "stoa_ip_hash": comment.ip_hash,
        "stoa_published_at": _iso(comment.published_at),
        "stoa_edited_at": _iso(comment.edited_at),
    }
    _meta(xml, "wp:commentmeta", {key: str(value) for key, value in meta.items() if value})
    xml.close("wp:comment")


def _meta(xml: _Xml, name: str, entries: dict[str, str]) -> None:
    for key, value in entries.items():
        xml.open(name)
        xml.element("wp:meta_key", key)
        xml.element("wp:meta_value", value)
        xml.close(name)


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else _ZERO_DATE


def _gmt(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if moment else _ZERO_DATE


def _iso(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).isoformat() if moment else ""
