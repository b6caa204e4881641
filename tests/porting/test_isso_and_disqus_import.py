"""Comments-only sources: Isso's SQLite database and Disqus's XML, their pages matched to posts by address."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from stoa.discussion.models import Comment, Thread
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.porting.disqus_import import read_disqus
from stoa.porting.isso_import import read_isso
from stoa.porting.models import ImportedObject
from stoa.porting.records import ImportFileInvalid
from stoa.porting.writer import import_feed
from stoa.privacy import hash_email
from tests.porting.samples import write_disqus, write_isso

pytestmark = pytest.mark.django_db

SITE = "https://blog.example"  # the site Isso's paths are on (``--site-url``)


def _imported(source_prefix: str) -> dict[str, Comment]:
    rows = dict(
        ImportedObject.objects.filter(kind="comment", source__startswith=source_prefix).values_list(
            "external_id", "object_id"
        )
    )
    comments = Comment.objects.in_bulk(rows.values())
    return {key: comments[pk] for key, pk in rows.items()}


def test_isso_threads_statuses_and_threading(tmp_path, post):
    summary = import_feed(read_isso(write_isso(tmp_path / "comments.db", post.get_absolute_url()), site_url=SITE))
    c = _imported("isso:")

    assert summary.source == "isso:a1b2c3d4e5"
    assert {c[k].thread.post for k in "1234"} == {post}
    assert [c[k].status for k in "1234"] == [Status.PUBLISHED, Status.PUBLISHED, Status.HELD, Status.REJECTED]
    assert (c["2"].in_reply_to, c["3"].in_reply_to) == (c["1"], c["2"])
    assert [c[k].number for k in "1234"] == [1, 2, None, None]
    assert "<em>markdown</em>" in c["1"].body_html
    assert c["1"].guest_email_hash == hash_email("ivy@example.org")
    assert c["1"].guest_website == "https://ivy.example"
    assert c["1"].created_at == dt.datetime.fromtimestamp(1711962000, tz=dt.UTC)
    assert c["2"].edited_at == dt.datetime.fromtimestamp(1711966000, tz=dt.UTC)
    assert c["3"].guest_name == "Anonymous"
    assert ModerationDecision.objects.get(comment=c["4"]).reasons == ["imported: deleted in Isso"]
    page = c["5"].thread
    assert (page.post, page.key, page.title) == (None, "https://blog.example/notes/elsewhere/", "Elsewhere")


def test_isso_import_runs_once(tmp_path, post):
    path = write_isso(tmp_path / "comments.db", post.get_absolute_url())
    import_feed(read_isso(path, site_url=SITE))
    ids = sorted(Comment.objects.values_list("pk", flat=True))

    again = import_feed(read_isso(path, site_url=SITE))

    assert sorted(Comment.objects.values_list("pk", flat=True)) == ids
    assert (again.counts["comments.created"], again.counts["comments.existing"]) == (0, 5)


def test_a_file_that_is_not_an_isso_database_is_named(tmp_path):
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("just text")
    with pytest.raises(ImportFileInvalid, match="not an Isso database"):
        read_isso(not_sqlite)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE things (id INTEGER)").connection.close()
    with pytest.raises(ImportFileInvalid, match="no 'threads' and 'comments' tables"):
        read_isso(other)


def test_disqus_threads_statuses_threading_and_html(tmp_path, post):
    link = "https://old.example" + post.get_absolute_url()
    summary = import_feed(read_disqus(write_disqus(tmp_path / "disqus.xml", link)))
    c = _imported("disqus:")

    assert summary.source == "disqus:oldforum"
    assert {c[k].thread.post for k in ("9001", "9002", "9003")} == {post}
    assert [c[k].status for k in ("9001", "9002", "9003", "9004", "9005")] == [
        Status.PUBLISHED,
        Status.PUBLISHED,
        Status.SPAM,
        Status.REJECTED,
        Status.PUBLISHED,
    ]
    assert c["9002"].in_reply_to == c["9001"]
    assert "<b>" not in c["9001"].body_html and "<script" not in c["9001"].body_html
    assert "really" in c["9001"].body_html
    assert c["9001"].guest_name == "Ann"
    assert c["9001"].created_at == dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)
    page = Thread.objects.get(key="https://static.example/notes/page.html")
    assert (page.closed, page.title, page.post) == (True, "A static page", None)
    assert ModerationDecision.objects.get(comment=c["9003"]).reasons == ["imported: spam in Disqus"]

    again = import_feed(read_disqus(tmp_path / "disqus.xml"))
    assert again.counts["comments.created"] == 0 and Comment.objects.count() == 5


def test_malformed_disqus_xml_names_the_line(tmp_path):
    path = tmp_path / "disqus.xml"
    path.write_text('<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">\n<thread>\n</disqus>\n')
    with pytest.raises(ImportFileInvalid, match="mismatched tag at line 4"):
        read_disqus(path)
