"""The import benchmark's generated export imports as the benchmark expects, at a toy size."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from stoa.discussion.models import Comment
from stoa.porting.writer import import_feed
from stoa.porting.wxr_import import read_wxr

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    module = importlib.import_module("bench_import")
    monkeypatch.setattr(module, "POSTS", 3)
    monkeypatch.setattr(module, "COMMENTS_PER_POST", 4)
    yield module
    sys.modules.pop("bench_import", None)


@pytest.mark.django_db
def test_the_generated_export_imports_every_comment_with_its_threading(bench, tmp_path):
    path = bench._wxr(tmp_path / "bench.xml", "https://bench.example")
    replies = len(re.findall(r"<wp:comment_parent>[1-9]", path.read_text()))

    summary = import_feed(read_wxr(path), batch_size=5)

    assert summary.counts["comments.created"] == summary.counts["comments.scored"] == 12
    assert replies == 3
    assert Comment.objects.filter(in_reply_to__isnull=False).count() == replies
