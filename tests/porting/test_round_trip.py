"""Export the whole site, import it into an empty one, and get the same site back (JSON fully; WXR to the second)."""

from __future__ import annotations

import datetime as dt
import io
import json
from argparse import Namespace

import pytest
from django.db import transaction

from stoa.blog.models import Category, Post, PostStatus, Tag
from stoa.discussion.models import Comment, CommentKind, Thread
from stoa.discussion.numbering import assign_number
from stoa.discussion.threads import thread_for_post
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent
from stoa.people.models import User
from stoa.porting.command import run_export
from stoa.porting.json_import import read_json
from stoa.porting.models import ImportedObject
from stoa.porting.site_export import export_site
from stoa.porting.writer import import_feed
from stoa.porting.wxr_import import read_wxr
from stoa.privacy import hash_email, hash_ip

pytestmark = pytest.mark.django_db


def _mention(thread: Thread, kind: str, url: str, when: dt.datetime) -> Comment:
    with transaction.atomic():
        comment = Comment(
            thread=thread,
            kind=kind,
            source_url=url,
            guest_name="Other Blog",
            body=f"A {kind} from {url}",
            body_html=f"<p>A {kind} from {url}</p>",
            status=Status.PUBLISHED,
            created_at=when,
            published_at=when,
        )
        assign_number(comment)
        comment.save()
    return comment


@pytest.fixture
def site(make_post, make_user, comment_on, clock, settings):
    """Posts (one a guest post, one a draft), terms, threaded comments of every kind and status, a page thread."""
    settings.CONFIG = settings.CONFIG.replace(thread_depth=3)
    news = Category.objects.create(name="News", slug="news", description="What happened")
    tag = Tag.objects.create(name="Python", slug="python")
    first = make_post("First post", excerpt="Short.", score_thresholds={"insult": 0.6})
    first.categories.add(news)
    first.tags.add(tag)
    guest = make_post("A guest post", guest_author_name="Gus Guest", guest_author_url="https://gus.example")
    make_post("Unfinished", status=PostStatus.DRAFT)
    member, other = make_user("member1", display_name="Mem Ber"), make_user("member2")

    top = comment_on(first, "A thoughtful first comment.", author=member).comment
    comment_on(first, "I disagree, politely.", reply_to=top, name="Gail", email="gail@example.org", ip="192.0.2.9")
    second = comment_on(first, "Replying as a member.", author=other, reply_to=top).comment
    third = comment_on(first, "Going deeper.", author=member, reply_to=second).comment
    deepest = comment_on(first, "Deeper than the limit.", author=other, reply_to=third).comment
    deepest.edited_at = clock.tick()
    deepest.save()
    _mention(thread_for_post(first), CommentKind.PINGBACK, "https://other.example/p/", clock.tick())
    spam = comment_on(guest, "Visit my shop please.", name="Sam", email="sam@example.org").comment
    Comment.objects.filter(pk=spam.pk).update(status=Status.SPAM)
    _mention(thread_for_post(guest), CommentKind.WEBMENTION, "https://blog.example/reply", clock.tick())
    closed = thread_for_post(guest)
    closed.closed = True
    closed.save()
    page = Thread.objects.create(key="https://static.example/page/", title="A static page")
    comment_on_page = Comment(
        thread=page,
        guest_name="Pat",
        guest_email_hash=hash_email("pat@example.org"),
        ip_hash=hash_ip("192.0.2.50"),
        body="On a page.",
        body_html="<p>On a page.</p>",
        status=Status.HELD,
        created_at=clock.tick(),
    )
    comment_on_page.save()


def _thread_name(thread: Thread) -> str:
    return thread.post.slug if thread.post_id else thread.key


def _comment_name(comment: Comment | None, seconds: bool) -> tuple | None:
    if comment is None:
        return None
    return (_thread_name(comment.thread), _moment(comment.created_at, seconds), comment.body)


def _moment(moment: dt.datetime | None, seconds: bool):
    return moment.replace(microsecond=0) if (moment and seconds) else moment


def _snapshot(seconds: bool = False, pages: bool = True) -> dict:
    """Everything the export promises to carry, keyed by what identifies it rather than by database ids."""
    posts = {
        post.slug: (
            post.title,
            post.body,
            post.body_html,
            post.excerpt,
            (post.author.username, post.author.display_name, post.author.email),
            (post.guest_author_name, post.guest_author_url, post.guest_author_bio),
            post.status,
            _moment(post.published_at, seconds),
            post.comments_closed,
            post.score_thresholds,
            sorted(post.categories.values_list("slug", "name", "description")),
            sorted(post.tags.values_list("slug", "name")),
            post.thread.closed if hasattr(post, "thread") else None,
        )
        for post in Post.objects.all()
    }
    comments = {
        _comment_name(c, seconds): (
            c.number,
            c.kind,
            c.source_url,
            c.author.username if c.author else None,
            c.guest_name,
            c.guest_email_hash,
            c.guest_website,
            c.body_html,
            c.status,
            c.ip_hash,
            c.published_at,
            c.edited_at,
            _comment_name(c.parent, seconds),
            _comment_name(c.in_reply_to, seconds),
            c.depth,
        )
        for c in Comment.objects.select_related("thread__post", "author", "parent", "in_reply_to")
        if pages or c.thread.post_id
    }
    threads = {_thread_name(t): (t.title, t.closed, t.last_number) for t in Thread.objects.all() if pages or t.post_id}
    return {"posts": posts, "comments": comments, "threads": threads}


def _empty_the_site() -> None:
    Comment.objects.all().delete()
    Thread.objects.all().delete()
    Post.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    User.objects.all().delete()
    assert not ImportedObject.objects.exists()


def test_json_round_trip_preserves_everything(site, tmp_path):
    before = _snapshot()
    assert len(before["comments"]) == 9 and len(before["posts"]) == 3
    path = tmp_path / "site.json"
    with path.open("w") as stream:
        export_site("json", stream, destination=str(path))
    _empty_the_site()

    summary = import_feed(read_json(path))

    assert _snapshot() == before
    assert summary.counts["comments.created"] == 9
    assert not User.objects.get(username="member1").has_usable_password()


def test_wxr_round_trip_preserves_posts_and_their_comments(site, tmp_path):
    before = _snapshot(seconds=True, pages=False)
    path = tmp_path / "site.xml"
    with path.open("w") as stream:
        counts = export_site("wxr", stream, destination=str(path))
    assert (counts.posts, counts.comments, counts.left_out) == (3, 8, 1)
    _empty_the_site()

    import_feed(read_wxr(path))

    assert _snapshot(seconds=True, pages=False) == before


def test_the_json_export_lists_posts_and_comments_naming_their_post_and_parent(site):
    out, err = io.StringIO(), io.StringIO()
    assert run_export(Namespace(format="json", output=None), out, err) == 0

    data = json.loads(out.getvalue())
    assert {"posts", "comments"} <= set(data)
    by_id = {comment["id"]: comment for comment in data["comments"]}
    reply = Comment.objects.get(body="Replying as a member.")
    assert by_id[reply.pk]["post"] == Post.objects.get(title="First post").pk
    assert by_id[reply.pk]["parent"] == reply.parent_id is not None
    assert by_id[reply.pk]["in_reply_to"] == reply.in_reply_to_id
    assert "Exported 3 posts and 9 comments as json" in err.getvalue()
    assert AuditEvent.objects.get(action="site.exported").data["to"] == "stdout"


def test_export_to_a_file(site, tmp_path):
    target = tmp_path / "site.xml"
    err = io.StringIO()
    assert run_export(Namespace(format="wxr", output=str(target)), io.StringIO(), err) == 0
    assert target.read_text().startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert not (tmp_path / "site.xml.partial").exists()
    assert "1 comments on pages without a post are only in the JSON export" in err.getvalue()
