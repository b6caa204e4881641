"""Reading Stoa's JSON export back: a file that is not one, or a record that is wrong, is named precisely."""

from __future__ import annotations

import json

import pytest

from stoa.blog.models import Post
from stoa.porting.json_import import read_json
from stoa.porting.records import ImportFileInvalid, RecordInvalid
from stoa.porting.writer import import_feed

pytestmark = pytest.mark.django_db


def _post(**fields) -> dict:
    return {"id": 1, "title": "Hello", "slug": "hello", "body": "Hi.", "author": "ann", "status": "published"} | fields


def test_malformed_json_names_the_line_and_column(tmp_path):
    path = tmp_path / "site.json"
    path.write_text('{\n  "posts": [],\n  "comments": [,]\n}\n')
    with pytest.raises(ImportFileInvalid, match="not valid JSON: Expecting value at line 3, column 16"):
        read_json(path)


def test_json_without_posts_and_comments_is_not_an_export(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"items": []}')
    with pytest.raises(ImportFileInvalid, match='needs top-level "posts" and "comments" lists'):
        read_json(path)


def test_a_bad_comment_is_named_and_its_post_is_not_half_written(tmp_path):
    comment = {"id": 9, "post": 1, "created_at": "2024-01-01T10:00:00Z", "body": "Hi", "status": "sort-of"}
    path = tmp_path / "site.json"
    path.write_text(json.dumps({"posts": [_post(published_at="2024-01-01T09:00:00Z")], "comments": [comment]}))

    with pytest.raises(RecordInvalid, match="comment 9: ValueError 'sort-of' is not a valid Status"):
        import_feed(read_json(path))
    assert not Post.objects.exists()
