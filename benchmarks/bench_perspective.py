"""The Perspective-compatible endpoint against the scorer it wraps, measured in the same run.

``POST /v1alpha1/comments:analyze`` through Django's test client (URL routing, key lookup, quota counter, JSON in
and out) against the baseline of calling ``stoa.detection.score`` directly on the same texts, one at a time: the
difference is what the HTTP layer costs per request (a real server adds its own parsing and socket time on top).
Texts: 1,000 news-site comments from the toxic-spans set; everything is warmed once before timing.
"""

from __future__ import annotations

import csv
import json
import statistics
import time
from pathlib import Path

from _django import print_table, setup_scratch_site

DATA = Path(__file__).resolve().parent.parent / "data"
TEXTS = 1_000
SEVEN = ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT", "SEXUALLY_EXPLICIT")


def bench_texts() -> list[str]:
    with (DATA / "toxic_spans" / "comments.csv").open(encoding="utf-8", newline="") as file:
        rows = (row["comment_text"] for row in csv.DictReader(file))
        return [text for text, _ in zip((t for t in rows if t.strip()), range(TEXTS), strict=False)]


def _timed_each(call, items) -> list[float]:
    samples = []
    for item in items:
        start = time.perf_counter()
        call(item)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _row(label: str, samples: list[float]) -> tuple[str, str, str, str]:
    p99 = statistics.quantiles(samples, n=100)[98]
    rate = len(samples) / (sum(samples) / 1000)
    return label, f"{statistics.median(samples):.2f} ms", f"{p99:.2f} ms", f"{rate:,.0f}/s"


def main() -> None:
    setup_scratch_site()
    from django.test import Client

    from stoa.api.keys import create_key
    from stoa.detection import score

    texts = bench_texts()
    _, key = create_key("bench", ["score"], qps=10**9)  # a quota that never refuses, so its counter still runs
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/v1alpha1/comments:analyze?key={key}"

    def analyze(body: dict) -> None:
        response = client.post(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 200, response.content

    toxicity_only = [{"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}} for text in texts]
    seven_with_spans = [
        {"comment": {"text": text}, "requestedAttributes": {name: {} for name in SEVEN}, "spanAnnotations": True}
        for text in texts
    ]
    score(texts, spans=False)  # load the model and warm its per-word cache for every timed path alike
    analyze(toxicity_only[0])

    baseline = _timed_each(lambda text: score([text], spans=False), texts)
    endpoint = _timed_each(analyze, toxicity_only)
    with_spans = _timed_each(analyze, seven_with_spans)
    rows = [
        _row("score([text]) directly (baseline)", baseline),
        _row("comments:analyze, TOXICITY (Stoa)", endpoint),
        _row("comments:analyze, 7 attributes + spanAnnotations", with_spans),
    ]
    base_rate, ours_rate = len(texts) / sum(baseline) * 1000, len(texts) / sum(endpoint) * 1000
    overhead = statistics.median(endpoint) - statistics.median(baseline)
    rows.append(("ratio endpoint / baseline (requests/s)", f"{ours_rate / base_rate:.2f}x", "", ""))
    rows.append(("HTTP layer per request (p50 difference)", f"{overhead:.2f} ms", "", ""))
    header = ("measure", "p50", "p99", "rate")
    print_table(f"Perspective-compatible scoring: {len(texts):,} comments, one per request, SQLite", header, rows)


if __name__ == "__main__":
    main()
