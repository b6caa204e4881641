"""The comment's hot paths, measured against a baseline in the same run.

1. Reading a 200-comment thread page: Stoa renders Markdown once, at write time, and stores the HTML. The
   baseline does what Isso does, re-rendering every comment's Markdown (and sanitising it) on each read.
2. Submitting a comment: the whole path (pipeline, numbering, decision, audit, one transaction) against the
   baseline of a bare ORM insert of the same comment, to show what moderation costs per comment.
"""

from __future__ import annotations

import statistics
import time

from _django import print_table, setup_scratch_site

THREAD_SIZE = 200
READS = 30
SUBMITS = 200


def _percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100)[int(q) - 1] if len(samples) > 1 else samples[0]


def _timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _site():
    import datetime as dt

    from django.utils import timezone

    from stoa.blog.models import Post
    from stoa.discussion.services import CommentDraft, submit_comment
    from stoa.discussion.threads import thread_for_post
    from stoa.people.models import User

    member = User.objects.create_user("bench", "bench@example.org", "bench-password-123")
    post = Post.objects.create(title="Bench", slug="bench", body="Body", author=member, status="published")
    thread = thread_for_post(post)
    now = timezone.now()
    body = "A *considered* reply with `code`, a [link](https://example.org) and\n\n> a quote from #3."
    submit = []
    for i in range(THREAD_SIZE + SUBMITS):
        draft = CommentDraft(thread=thread, body=f"{body} ({i})", author=member, ip_address="192.0.2.1")
        moment = now + dt.timedelta(minutes=i)
        if i < THREAD_SIZE:
            submit_comment(draft, now=moment)
        else:
            submit.append((draft, moment))
    return post, submit


def bench_reads(post) -> list[tuple]:
    from django.test import Client

    from stoa.discussion.models import Comment
    from stoa.rendering import render_comment

    client = Client(HTTP_HOST="127.0.0.1")
    url = post.get_absolute_url()
    assert client.get(url).status_code == 200

    def stored() -> None:
        client.get(url)

    def rerender() -> None:
        client.get(url)
        for body in Comment.objects.filter(thread__post=post).values_list("body", flat=True):
            render_comment(body)

    ours, baseline = _timed(stored, READS), _timed(rerender, READS)
    return [
        ("thread page, stored HTML (Stoa)", *_row(ours)),
        ("thread page, re-render on read (Isso-style baseline)", *_row(baseline)),
        ("ratio baseline / Stoa (p50)", f"{statistics.median(baseline) / statistics.median(ours):.2f}x", "", ""),
    ]


def _row(samples: list[float]) -> tuple[str, str, str]:
    p50 = statistics.median(samples)
    return f"{p50:.1f} ms", f"{_percentile(samples, 99):.1f} ms", f"{1000 / p50:.0f}/s"


def bench_submits(pending) -> list[tuple]:
    from stoa.discussion.models import Comment
    from stoa.discussion.services import submit_comment
    from stoa.moderation.decisions import Status
    from stoa.rendering import render_comment

    ours = []
    for draft, moment in pending:
        start = time.perf_counter()
        submit_comment(draft, now=moment)
        ours.append((time.perf_counter() - start) * 1000)

    def bare_insert(draft=pending[0][0], moment=pending[0][1]) -> None:
        Comment.objects.create(
            thread=draft.thread,
            author=draft.author,
            body=draft.body,
            body_html=render_comment(draft.body),
            status=Status.HELD,
            created_at=moment,
        )

    baseline = _timed(bare_insert, len(pending))
    return [
        ("submit_comment: pipeline + decision + audit (Stoa)", *_row(ours)),
        ("bare ORM insert with rendering (baseline)", *_row(baseline)),
        ("ratio Stoa / baseline (p50)", f"{statistics.median(ours) / statistics.median(baseline):.2f}x", "", ""),
    ]


def main() -> None:
    setup_scratch_site()
    post, pending = _site()
    header = ("measure", "p50", "p99", "rate")
    print_table(f"Thread reads: {THREAD_SIZE} comments, {READS} reads, SQLite", header, bench_reads(post))
    print_table(f"Comment submission: {SUBMITS} comments, SQLite", header, bench_submits(pending))


if __name__ == "__main__":
    main()
