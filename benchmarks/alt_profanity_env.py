"""The detection benchmarks' baseline, alt-profanity-check, in a virtual environment of its own; and their worker.

alt-profanity-check pins scikit-learn exactly, so it never enters the project's environment: ``ensure_venv()``
creates ``var/bench/alt-profanity-venv`` once with the Python running the benchmark and pip-installs the pinned
release there (the first run needs PyPI; later runs reuse it). The benchmarks then run this file as a worker, in
a fresh process pinned to one core with one BLAS thread, so both engines are measured the same way:

    python alt_profanity_env.py batch ENGINE     all texts in one call: rate (cold, then warm), peak memory
    python alt_profanity_env.py singles ENGINE   one call per text: p50/p99 latency
    python alt_profanity_env.py predict ENGINE   one "offensive" probability per text (the baseline only)

ENGINE is ``alt`` (alt-profanity-check's ``predict_prob``), ``stoa`` (``stoa.detection.score``, spans included)
or ``stoa-no-spans`` (``score(texts, spans=False)``). Texts arrive as a JSON list on stdin; answers are JSON. The
worker imports only the standard library besides the engine, so it runs in either environment.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "var" / "bench" / "alt-profanity-venv"
PACKAGE = "alt-profanity-check==1.9.1"
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
WARM_REPEATS = 2


class BaselineUnavailable(RuntimeError):
    """The baseline's environment could not be made or its worker failed; the message says why."""


def ensure_venv() -> Path:
    """Create the baseline's environment once (idempotent); return its Python."""
    python = VENV / "bin" / "python"
    marker = VENV / f".installed-{PACKAGE}"
    if not marker.exists():
        _run_step([sys.executable, "-m", "venv", "--clear", str(VENV)], "create the virtual environment")
        _run_step([str(python), "-m", "pip", "install", "--quiet", PACKAGE], f"pip install {PACKAGE}")
        marker.touch()
    return python


def _run_step(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - fixed arguments
    if result.returncode != 0:
        raise BaselineUnavailable(f"could not {what} in {VENV}: {(result.stderr or result.stdout).strip()[-400:]}")


def run_worker(python: Path | str, mode: str, engine: str, texts: Sequence[str]) -> object:
    """Run this file as a worker under ``python`` on ``texts``; return its decoded JSON answer."""
    environment = os.environ | ONE_THREAD | {"PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(  # noqa: S603 - our own worker, fixed arguments
        [str(python), __file__, mode, engine],
        input=json.dumps(list(texts)),
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BaselineUnavailable(f"the {engine} {mode} worker failed: {result.stderr.strip()[-600:]}")
    return json.loads(result.stdout)


def _pin_to_one_core() -> int:
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def _load_engine(engine: str) -> Callable[[list[str]], object]:
    if engine == "alt":
        from profanity_check import predict_prob

        return predict_prob
    if engine == "stoa":
        from stoa.detection import score

        return score
    if engine == "stoa-no-spans":
        from stoa.detection import score

        return lambda texts: score(texts, spans=False)
    raise SystemExit(f"unknown engine {engine!r}: use alt, stoa or stoa-no-spans")


def _loaded(engine: str) -> tuple[Callable[[list[str]], object], float]:
    """The engine, ready, and how long loading took (import plus the first one-text call)."""
    start = time.perf_counter()
    scorer = _load_engine(engine)
    scorer(["warming up"])
    return scorer, (time.perf_counter() - start) * 1000


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_batch(engine: str, texts: list[str]) -> dict:
    """The whole list in one call: the first pass (nothing cached), then warm repeats; peak memory."""
    core = _pin_to_one_core()
    scorer, load_ms = _loaded(engine)
    seconds = []
    for _ in range(1 + WARM_REPEATS):
        start = time.perf_counter()
        scorer(texts)
        seconds.append(time.perf_counter() - start)
    return {
        "core": core,
        "load_ms": load_ms,
        "first_per_s": len(texts) / seconds[0],
        "warm_per_s": len(texts) / statistics.median(seconds[1:]),
        "peak_rss_mib": _peak_rss_mib(),
        "traced_peak_mib": _traced_peak_mib(scorer, texts),
    }


def measure_singles(engine: str, texts: list[str]) -> dict:
    """Each text in a call of its own, in a fresh process (nothing cached but the model): latencies."""
    core = _pin_to_one_core()
    scorer, load_ms = _loaded(engine)
    latencies = []
    for text in texts:
        start = time.perf_counter()
        scorer([text])
        latencies.append((time.perf_counter() - start) * 1000)
    return {
        "core": core,
        "load_ms": load_ms,
        "p50_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 99),
        "per_s": len(latencies) / (sum(latencies) / 1000),
        "peak_rss_mib": _peak_rss_mib(),
    }


def _percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def _traced_peak_mib(scorer: Callable[[list[str]], object], texts: list[str]) -> float:
    """Peak memory allocated while scoring the whole list once more (Python and NumPy allocations)."""
    tracemalloc.start()
    scorer(texts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def predict(engine: str, texts: list[str]) -> list[float]:
    if engine != "alt":
        raise SystemExit("predict is for the baseline: score Stoa in-process with stoa.detection.score")
    return [float(p) for p in _load_engine(engine)(texts)]


def main(argv: list[str]) -> None:
    mode, engine = argv
    modes = {"batch": measure_batch, "singles": measure_singles, "predict": predict}
    if mode not in modes:
        raise SystemExit(f"unknown mode {mode!r}: use {', '.join(modes)}")
    json.dump(modes[mode](engine, json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
