"""Scoring speed: Stoa's ``score`` against alt-profanity-check on the same 10,000 texts, one core each.

Each engine runs in fresh worker processes pinned to one core with one BLAS thread (``alt_profanity_env.py``):
one process scores all 10,000 texts in one call (the first pass, with nothing cached but the model, then warm
repeats) and records peak memory; another scores 2,000 of them one call each for p50/p99 latency. Stoa is measured
as callers use it (``score(texts)``, spans computed for flagged texts) and scores-only (``spans=False``), the fast
path the issue's targets are for: batched ≥ 20,000 comments/s and a single comment ≤ 2 ms at p99, per core.
alt-profanity-check lives in a virtual environment of its own, created on the first run (that run needs PyPI).
"""

from __future__ import annotations

import csv
import platform
import sys
from pathlib import Path

from _django import print_table
from alt_profanity_env import PACKAGE, BaselineUnavailable, ensure_venv, run_worker

DATA = Path(__file__).resolve().parent.parent / "data"
TWEETS, COMMENTS = 7_000, 3_000
SINGLES = 2_000
TARGET_BATCH_PER_S, TARGET_P99_MS = 20_000, 2.0
ENGINES = {"stoa": "Stoa score", "stoa-no-spans": "Stoa, no spans", "alt": "alt-profanity-check"}


def bench_texts() -> list[str]:
    """7,000 tweets (TweetEval offensive, train) and 3,000 news-site comments (toxic spans), interleaved."""
    tweets = (DATA / "tweeteval" / "offensive" / "train_text.txt").read_text(encoding="utf-8").splitlines()[:TWEETS]
    with (DATA / "toxic_spans" / "comments.csv").open(encoding="utf-8", newline="") as file:
        comments = [row["comment_text"] for _, row in zip(range(COMMENTS), csv.DictReader(file), strict=False)]
    mixed = [text for pair in zip(tweets, comments, strict=False) for text in pair]
    return mixed + tweets[len(comments) :]


def measure(python: str, engine: str, texts: list[str]) -> dict:
    batch = run_worker(python, "batch", engine, texts)
    singles = run_worker(python, "singles", engine, texts[:SINGLES])
    return batch | {f"single_{key}": value for key, value in singles.items()}


def measure_all(texts: list[str]) -> tuple[dict[str, dict], str]:
    """Figures per engine; the baseline's are missing (with the reason returned) if its environment fails."""
    results = {engine: measure(sys.executable, engine, texts) for engine in ("stoa", "stoa-no-spans")}
    try:
        results["alt"] = measure(str(ensure_venv()), "alt", texts)
    except BaselineUnavailable as problem:
        return results, f"alt-profanity-check was not measured: {problem}"
    return results, ""


ROWS = (
    # (label, key, format, target, better: "high" or "low")
    ("batched, first pass (nothing cached)", "first_per_s", "{:,.0f}/s", TARGET_BATCH_PER_S, "high"),
    ("batched, warm repeat", "warm_per_s", "{:,.0f}/s", TARGET_BATCH_PER_S, "high"),
    ("one at a time, p50", "single_p50_ms", "{:.2f} ms", None, "low"),
    ("one at a time, p99", "single_p99_ms", "{:.2f} ms", TARGET_P99_MS, "low"),
    ("one at a time, rate", "single_per_s", "{:,.0f}/s", None, "high"),
    ("load (import + first call)", "load_ms", "{:,.0f} ms", None, "low"),
    ("peak resident memory, batch process", "peak_rss_mib", "{:,.0f} MiB", None, "low"),
    ("peak allocated while scoring 10,000", "traced_peak_mib", "{:,.1f} MiB", None, "low"),
)


def table_rows(results: dict[str, dict]) -> list[tuple]:
    rows = []
    for label, key, fmt, target, better in ROWS:
        cells = [fmt.format(results[engine][key]) if engine in results else "n/a" for engine in ENGINES]
        ratio = f"{results['stoa'][key] / results['alt'][key]:.2f}x" if "alt" in results else "n/a"
        rows.append((label, *cells, ratio, *_target_cells(results, key, fmt, target, better)))
    return rows


def _target_cells(results: dict[str, dict], key: str, fmt: str, target: float | None, better: str) -> tuple[str, str]:
    if target is None:
        return "", ""
    met = [
        results[engine][key] >= target if better == "high" else results[engine][key] <= target
        for engine in ("stoa", "stoa-no-spans")
    ]
    return ("≥ " if better == "high" else "≤ ") + fmt.format(target), " / ".join("yes" if m else "NO" for m in met)


def _cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main() -> None:
    texts = bench_texts()
    results, missing = measure_all(texts)
    title = (
        f"Detection speed: {len(texts):,} texts ({TWEETS:,} tweets + {COMMENTS:,} comments, mean "
        f"{sum(map(len, texts)) / len(texts):.0f} chars), {SINGLES:,} single calls; one core of {_cpu_name()}, "
        f"Python {platform.python_version()}; baseline {PACKAGE}"
    )
    header = ("measure", *ENGINES.values(), "Stoa / alt", "target", "met (Stoa / no spans)")
    print_table(title, header, table_rows(results))
    if missing:
        print(f"\n{missing}")


if __name__ == "__main__":
    main()
