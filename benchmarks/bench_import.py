"""Importing a WordPress export: comments per second with batched scoring, against scoring each comment alone.

The same generated WXR file (POSTS posts of COMMENTS_PER_POST comments, varied words so the model meets new
vocabulary as a real blog's would) is imported into an emptied scratch site: with the import's batched scoring,
with a batch of one (the per-comment baseline, as if each comment were scored on arrival), and with scoring
switched off (the floor: parsing and writing only).
The model's word cache is emptied before each run, so no run inherits another's warm cache. A second table times
the scoring stage alone on the same texts, since writing the rows is most of an import's time.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from _django import print_table, setup_scratch_site

POSTS = 60
COMMENTS_PER_POST = 25
TOTAL = POSTS * COMMENTS_PER_POST
REPEATS = 3
VOCABULARY = (
    "the council plan housing rent park street bus tram school library budget vote mayor meeting neighbours "
    "traffic noise garden river bridge market shop cafe bakery cyclists drivers parking trees flood summer winter "
    "agree disagree think believe wrong right fair unfair idea proposal cost tax money years people children "
    "thanks great post read article point argument evidence data source link question answer honest clear "
    "stupid idiot rubbish nonsense awful terrible lovely brilliant kind helpful useful weak strong"
)


def _text(rng: random.Random, serial: int) -> str:
    vocabulary = VOCABULARY.split()
    words = [rng.choice(vocabulary) for _ in range(rng.randint(8, 40))]
    return " ".join(words).capitalize() + f". Comment {serial} (ref {rng.randint(1000, 999_999)})."


def _wxr(path: Path, site: str) -> Path:
    rng = random.Random(7)
    items = []
    serial = 0
    for post in range(1, POSTS + 1):
        comments = []
        for _ in range(COMMENTS_PER_POST):
            serial += 1
            parent = serial - 1 if serial % 3 == 0 and comments else 0  # a reply in the same thread
            comments.append(
                f"<wp:comment><wp:comment_id>{serial}</wp:comment_id>"
                f"<wp:comment_author>Reader {serial % 40}</wp:comment_author>"
                f"<wp:comment_author_email>reader{serial % 40}@example.org</wp:comment_author_email>"
                f"<wp:comment_author_IP>192.0.2.{serial % 250}</wp:comment_author_IP>"
                f"<wp:comment_date_gmt>2024-01-{1 + post % 28:02d} {serial % 24:02d}:{serial % 60:02d}:00"
                f"</wp:comment_date_gmt><wp:comment_content>{_text(rng, serial)}</wp:comment_content>"
                f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
                f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>"
                "</wp:comment>"
            )
        items.append(
            f"<item><title>Post {post}</title><dc:creator>alice</dc:creator>"
            f"<content:encoded>Body of post {post}.</content:encoded><wp:post_id>{post}</wp:post_id>"
            f"<wp:post_date_gmt>2024-01-{1 + post % 28:02d} 08:00:00</wp:post_date_gmt>"
            f"<wp:post_name>post-{post}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type>{''.join(comments)}</item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bench</title>'
        f"<wp:base_blog_url>{site}</wp:base_blog_url>{''.join(items)}</channel></rss>\n",
        encoding="utf-8",
    )
    return path


def _cold_model() -> None:
    """Reload the model so its word cache starts empty (loading the artifact is not what is measured)."""
    from stoa.detection.classifier import load_model

    load_model.cache_clear()
    load_model()


def _empty_site() -> None:
    """Every run starts from the same empty site, so none pays for a bigger database than another."""
    from stoa.blog.models import Post
    from stoa.discussion.models import Comment, Thread
    from stoa.porting.models import ImportedObject

    Comment.objects.all().delete()
    Thread.objects.all().delete()
    Post.objects.all().delete()
    ImportedObject.objects.all().delete()


def _timed_import(path: Path, *, batch_size: int, scoring: bool) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds): the machine is shared, so CPU time is the steadier figure."""
    from django.conf import settings

    from stoa.porting.writer import import_feed
    from stoa.porting.wxr_import import read_wxr

    _empty_site()
    settings.CONFIG = settings.CONFIG.replace(scoring=scoring)
    _cold_model()
    wall, cpu = time.perf_counter(), time.process_time()
    summary = import_feed(read_wxr(path), batch_size=batch_size)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert summary.counts["comments.created"] == TOTAL, summary.counts
    assert summary.counts["comments.scored"] == (TOTAL if scoring else 0)
    return wall, cpu


def _timed_scoring(texts: list[str], batch_size: int) -> float:
    from django.conf import settings

    from stoa.porting.batch_scoring import score_batch

    settings.CONFIG = settings.CONFIG.replace(scoring=True)
    _cold_model()
    start = time.perf_counter()
    assert len(score_batch(texts, batch_size=batch_size).by_text) == len(set(texts))
    return time.perf_counter() - start


def bench_imports(folder: Path, batch: int) -> list[tuple]:
    """Each mode imported REPEATS times, the modes taking turns (so drift on a shared machine hits all alike)."""
    modes = [
        (f"batched scoring, {batch} a batch (Stoa)", batch, True),
        ("per-comment scoring (baseline)", 1, True),
        ("no scoring (floor: parse and write only)", batch, False),
    ]
    path = _wxr(folder / "export.xml", "https://blog.example")
    best: dict[str, tuple[float, float]] = {}
    for _ in range(REPEATS):
        for label, batch_size, scoring in modes:
            wall, cpu = _timed_import(path, batch_size=batch_size, scoring=scoring)
            previous = best.get(label, (wall, cpu))
            best[label] = (min(previous[0], wall), min(previous[1], cpu))
    rows = [
        (label, TOTAL, f"{best[label][0]:.2f} s", f"{best[label][1]:.2f} s", f"{TOTAL / best[label][1]:.0f}/s")
        for label, *_ in modes
    ]
    ours, baseline = best[modes[0][0]], best[modes[1][0]]
    ratio = f"{baseline[0] / ours[0]:.2f}x wall, {baseline[1] / ours[1]:.2f}x CPU"
    return [*rows, ("ratio batched / per-comment (comments/s)", "", "", "", ratio)]


def bench_scoring(batch: int) -> list[tuple]:
    rng = random.Random(7)
    texts = [_text(rng, serial) for serial in range(TOTAL)]
    ours = min(_timed_scoring(texts, batch) for _ in range(REPEATS))
    baseline = min(_timed_scoring(texts, 1) for _ in range(REPEATS))
    return [
        (f"batched, {batch} a batch (Stoa)", TOTAL, f"{ours:.2f} s", f"{TOTAL / ours:.0f}/s"),
        ("one comment at a time (baseline)", TOTAL, f"{baseline:.2f} s", f"{TOTAL / baseline:.0f}/s"),
        ("ratio batched / one at a time (texts/s)", "", "", f"{baseline / ours:.2f}x"),
    ]


def main() -> None:
    setup_scratch_site()
    from stoa.porting.batch_scoring import BATCH_SIZE

    folder = Path(tempfile.mkdtemp(prefix="stoa-bench-import-"))
    title = f"WordPress import: {POSTS} posts x {COMMENTS_PER_POST} comments, SQLite, best of {REPEATS}"
    header = ("import", "comments", "wall", "CPU", "rate (CPU)")
    print_table(title, header, bench_imports(folder, BATCH_SIZE))
    title = f"The scoring stage alone: {TOTAL} comment texts, cold word cache, best of {REPEATS}"
    print_table(title, ("scoring", "texts", "time", "rate"), bench_scoring(BATCH_SIZE))


if __name__ == "__main__":
    main()
