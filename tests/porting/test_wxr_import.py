"""Importing a WordPress export: what arrives, threaded and with its statuses, once however often it runs."""

from __future__ import annotations

import datetime as dt
import io
from argparse import Namespace

import pytest

from stoa.blog.models import Category, Post, PostStatus, Tag
from stoa.discussion.models import Comment, CommentKind
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, ModerationDecision
from stoa.people.models import User
from stoa.porting.command import run_import
from stoa.porting.models import ImportedObject
from stoa.porting.records import ImportFileInvalid
from stoa.porting.writer import import_feed
from stoa.porting.wxr_import import read_wxr
from stoa.privacy import hash_email, hash_ip
from tests.porting.samples import WpComment, WpItem, hello_world, write_wxr

pytestmark = pytest.mark.django_db


def _import(path, **options):
    pages = options.pop("pages", False)
    return import_feed(read_wxr(path, include_pages=pages), **options)


def _by_key(source_ids: dict[str, int]) -> dict[str, Comment]:
    comments = Comment.objects.in_bulk(source_ids.values())
    return {key: comments[pk] for key, pk in source_ids.items()}


def _comments() -> dict[str, Comment]:
    rows = ImportedObject.objects.filter(kind="comment").values_list("external_id", "object_id")
    return _by_key(dict(rows))


def test_posts_authors_and_terms_arrive(tmp_path):
    summary = _import(write_wxr(tmp_path / "export.xml"))

    post = Post.objects.get(slug="hello-world")
    assert post.title == "Hello world"
    assert post.status == PostStatus.PUBLISHED
    assert post.published_at == dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    assert "<strong>words</strong>" in post.body_html
    assert post.author.username == "alice"
    assert post.author.display_name == "Alice Author"
    assert not post.author.has_usable_password()
    assert list(post.categories.values_list("slug", "name")) == [("news", "News")]
    assert Category.objects.get(slug="news").description == "What happened"
    assert list(post.tags.values_list("slug", flat=True)) == ["python"]
    draft = Post.objects.get(slug="draft-thoughts")
    assert (draft.status, draft.published_at, draft.author.username) == (PostStatus.DRAFT, None, "bob")
    assert summary.counts["posts.created"] == 2
    assert summary.skipped == {"pages (import them with --pages)": 1, "attachment items": 1, "trash posts": 1}


def test_pages_come_in_as_posts_when_asked(tmp_path):
    _import(write_wxr(tmp_path / "export.xml"), pages=True)
    about = Post.objects.get(slug="about")
    assert about.thread.comments.get().body == "Nice about page."


def test_threading_kinds_and_statuses_are_kept(tmp_path, settings):
    settings.CONFIG = settings.CONFIG.replace(thread_depth=3)
    _import(write_wxr(tmp_path / "export.xml"))
    c = _comments()

    assert (c["100"].parent, c["100"].depth) == (None, 0)
    assert (c["101"].parent, c["101"].in_reply_to, c["101"].depth) == (c["100"], c["100"], 1)
    assert (c["102"].parent, c["102"].depth) == (c["101"], 2)
    # Three levels at most: the reply to a depth-2 comment hangs from its parent, but remembers what it answers.
    assert (c["103"].parent, c["103"].in_reply_to, c["103"].depth) == (c["101"], c["102"], 2)
    assert c["101"].author.username == "bob" and c["101"].guest_name == ""
    assert c["100"].guest_name == "Carol Guest"
    assert c["100"].guest_email_hash == hash_email("carol@example.org")
    assert c["100"].ip_hash == hash_ip("203.0.113.7")
    assert c["100"].created_at == dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC)

    assert (c["104"].kind, c["104"].source_url) == (CommentKind.PINGBACK, "https://other.example/a-post/")
    assert (c["105"].kind, c["105"].source_url) == (CommentKind.TRACKBACK, "https://third.example/tb/")
    assert [c[k].status for k in ("100", "104", "106", "107")] == [
        Status.PUBLISHED,
        Status.PUBLISHED,
        Status.HELD,
        Status.SPAM,
    ]
    numbers = [c[k].number for k in ("100", "101", "102", "103", "104", "105", "106", "107")]
    assert numbers == [1, 2, 3, 4, 5, 6, None, None]


def test_each_comment_gets_an_imported_decision_with_scores_and_the_run_one_audit_event(tmp_path):
    summary = _import(write_wxr(tmp_path / "export.xml"))
    comment = _comments()["106"]

    decision = ModerationDecision.objects.get(comment=comment)
    assert decision.decided_by == "import"
    assert decision.reasons == ["imported: pending in WordPress"]
    assert decision.status == Status.HELD
    assert 0 <= decision.scores["toxicity"] <= 1
    assert ModerationDecision.objects.get(comment=_comments()["100"]).reasons == ["imported: approved in WordPress"]
    assert summary.counts["comments.scored"] == 8
    events = list(AuditEvent.objects.filter(action__startswith="import."))
    assert len(events) == 1
    assert events[0].data["counts"]["comments.created"] == 8
    assert events[0].data["source"] == "wordpress:https://old.example"


def test_imported_html_is_sanitised(tmp_path):
    item = WpItem(
        20,
        "Risky",
        "risky",
        content='<p onclick="x()">Hi</p><script>steal()</script>',
        comments=[WpComment(200, 'Nice <a href="javascript:alert(1)">link</a><script>steal()</script>')],
    )
    _import(write_wxr(tmp_path / "export.xml", [item]))
    post = Post.objects.get(slug="risky")
    comment = post.thread.comments.get()
    for html in (post.body_html, comment.body_html):
        assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def _state() -> dict:
    return {
        "posts": sorted(Post.objects.values_list("pk", "title", "updated_at")),
        "comments": sorted(Comment.objects.values_list("pk", "number", "status", "parent_id")),
        "users": sorted(User.objects.values_list("pk", "username")),
        "decisions": ModerationDecision.objects.count(),
        "terms": (Category.objects.count(), Tag.objects.count()),
        "mapped": ImportedObject.objects.count(),
    }


def test_a_second_run_changes_nothing(tmp_path):
    path = write_wxr(tmp_path / "export.xml")
    _import(path, pages=True)
    before = _state()

    again = _import(path, pages=True)

    assert _state() == before
    assert again.counts["posts.created"] == again.counts["comments.created"] == 0
    assert again.counts["posts.existing"] == 3
    assert again.counts["comments.existing"] == 9
    assert again.counts["authors.created"] == 0


def test_a_later_export_adds_only_the_new_comments(tmp_path):
    first = hello_world()
    _import(write_wxr(tmp_path / "old.xml", [first]))
    first.comments.append(WpComment(108, "A newer comment.", date="2024-05-01 10:00:00", parent=100))

    summary = _import(write_wxr(tmp_path / "new.xml", [first]))

    assert summary.counts["comments.created"] == 1
    newest = _comments()["108"]
    assert (newest.number, newest.in_reply_to) == (7, _comments()["100"])


def test_an_existing_account_with_the_same_name_but_another_email_is_not_taken_over(tmp_path, make_user):
    mine = make_user("alice")
    _import(write_wxr(tmp_path / "export.xml"))
    post = Post.objects.get(slug="hello-world")
    assert post.author != mine
    assert post.author.username == "alice-imported"


def test_malformed_xml_names_the_line(tmp_path):
    path = tmp_path / "broken.xml"
    text = write_wxr(tmp_path / "good.xml").read_text().replace("</wp:post_name>", "</wp:postname>", 1)
    path.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "</wp:postname>" in row)

    with pytest.raises(ImportFileInvalid, match=rf"mismatched tag at line {line}, column \d+"):
        _import(path)


def test_an_xml_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        "<rss><channel><title>&b;</title></channel></rss>\n"
    )
    with pytest.raises(ImportFileInvalid, match="entities"):
        _import(path)
    assert not Post.objects.exists()


def test_another_format_is_named(tmp_path):
    path = tmp_path / "not.xml"
    path.write_text("<disqus><thread/></disqus>")
    with pytest.raises(ImportFileInvalid, match="not a WordPress export"):
        _import(path)


def test_the_progress_bar_goes_to_stderr_and_the_summary_to_stdout(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    args = Namespace(format="wordpress", file=str(write_wxr(tmp_path / "e.xml")), pages=False, moderate=False)
    assert run_import(args, out, err) == 0
    assert "Importing from WordPress" in err.getvalue()
    assert "posts: 2 new, 0 already imported" in out.getvalue()
    assert "of which mentions: 1 pingback, 1 trackback" in out.getvalue()
