"""An import that stops half way (a bad record, a crash) leaves whole posts only, and running it again finishes it."""

from __future__ import annotations

import io
from argparse import Namespace

import pytest

from stoa.blog.models import Post
from stoa.discussion.models import Comment
from stoa.moderation.models import AuditEvent
from stoa.porting import writer
from stoa.porting.command import run_import
from stoa.porting.models import ImportedObject
from stoa.porting.records import RecordInvalid
from stoa.porting.writer import import_feed
from stoa.porting.wxr_import import read_wxr
from tests.porting.samples import WpComment, WpItem, write_wxr

pytestmark = pytest.mark.django_db


def _items(second_post_date: str = "2024-03-02 10:00:00") -> list[WpItem]:
    comments = [WpComment(n, f"Comment number {n} here.", date=f"2024-03-0{n - 99} 10:00:00") for n in (100, 101, 102)]
    later = [
        WpComment(200, "On the second post.", date="2024-03-05 10:00:00"),
        WpComment(201, "Replying on the second.", date="2024-03-05 11:00:00", parent=200),
        WpComment(202, "The third one, dated oddly.", date=second_post_date),
    ]
    return [
        WpItem(10, "First post", "first", comments=comments),
        WpItem(20, "Second post", "second", comments=later),
        WpItem(30, "Third post", "third", comments=[WpComment(300, "On the third post.")]),
    ]


def _counts() -> tuple[int, int, int]:
    return Post.objects.count(), Comment.objects.count(), ImportedObject.objects.exclude(kind="author").count()


def test_a_bad_record_stops_the_run_after_whole_posts_and_a_rerun_finishes_without_duplicates(tmp_path):
    path = write_wxr(tmp_path / "export.xml", _items(second_post_date="yesterday-ish"))

    with pytest.raises(RecordInvalid, match=r"comment 202 on post 20 \('Second post'\): 'yesterday-ish' is not a date"):
        import_feed(read_wxr(path))

    assert list(Post.objects.values_list("slug", flat=True)) == ["first"]
    assert Comment.objects.count() == 3
    stopped = AuditEvent.objects.get(action="import.stopped")
    assert stopped.data["complete"] is False and stopped.data["counts"]["posts.created"] == 1

    write_wxr(path, _items())
    summary = import_feed(read_wxr(path))

    assert sorted(Post.objects.values_list("slug", flat=True)) == ["first", "second", "third"]
    assert Comment.objects.count() == 7
    assert summary.counts["posts.existing"] == 1 and summary.counts["posts.created"] == 2
    assert _counts() == (3, 7, 10)


def test_a_crash_in_the_middle_of_a_post_leaves_none_of_it(tmp_path, monkeypatch):
    path = write_wxr(tmp_path / "export.xml", _items())
    real_render = writer.render_comment

    def crash_on_the_second_posts_reply(text: str) -> str:
        if text == "Replying on the second.":
            raise RuntimeError("the process died here")
        return real_render(text)

    monkeypatch.setattr(writer, "render_comment", crash_on_the_second_posts_reply)
    with pytest.raises(RuntimeError, match="died"):
        import_feed(read_wxr(path))

    # The second post and its first comment were written before the crash, in the transaction that rolled back.
    assert list(Post.objects.values_list("slug", flat=True)) == ["first"]
    assert not Comment.objects.filter(body__in=["On the second post.", "Replying on the second."]).exists()
    assert _counts() == (1, 3, 4)

    monkeypatch.setattr(writer, "render_comment", real_render)
    import_feed(read_wxr(path))
    assert _counts() == (3, 7, 10)
    second = Post.objects.get(slug="second")
    assert [c.number for c in second.thread.comments.order_by("created_at")] == [1, 2, 3]


def test_the_command_names_the_bad_record_and_exits_1(tmp_path):
    path = write_wxr(tmp_path / "export.xml", _items(second_post_date="yesterday-ish"))
    out, err = io.StringIO(), io.StringIO()
    args = Namespace(format="wordpress", file=str(path), pages=False, moderate=False)

    assert run_import(args, out, err) == 1
    assert "comment 202 on post 20" in err.getvalue()
    assert "run the same import again to finish" in err.getvalue()
    assert out.getvalue() == ""
