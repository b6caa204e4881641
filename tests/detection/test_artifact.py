"""The committed model: small, versioned, loaded once, with metrics measured on held-out rows only."""

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stoa.detection import ATTRIBUTES, ModelUnavailable, score
from stoa.detection.classifier import ARTIFACT, Model, load_model
from stoa.detection.datasets import LABEL_SOURCES, Example, drop_seen_test_rows, hashed_split

METRICS = json.loads((ARTIFACT.parent / "metrics.json").read_text())


def test_artifacts_are_small():
    total = sum(path.stat().st_size for path in ARTIFACT.parent.iterdir())
    assert total <= 50 * 1024 * 1024


def test_metrics_cover_every_attribute_with_held_out_figures_and_their_sources():
    for attribute in ATTRIBUTES:
        figures = METRICS["attributes"][attribute]
        assert {"roc_auc", "f1", "macro_f1", "calibration_error", "threshold", "rows"} <= set(figures)
        assert 0.5 < figures["roc_auc"] <= 1.0
        assert LABEL_SOURCES[attribute] == METRICS["label_sources"][attribute]
    assert {"olid_offensive", "toxic_spans", "fairness", "split"} <= set(METRICS)


def test_the_model_version_in_metrics_is_the_loaded_one():
    assert METRICS["model"] == load_model().version == score(["hello"])[0].model


def test_a_corrupt_or_missing_artifact_is_a_clear_error(tmp_path):
    broken = tmp_path / "model.npz"
    for content in (b"", b"PK\x03\x04 not really a zip", b"\x00" * 100):
        broken.write_bytes(content)
        with pytest.raises(ModelUnavailable, match="cannot load the model"):
            Model(broken)
    with pytest.raises(ModelUnavailable):
        Model(tmp_path / "absent.npz")


def test_the_hashed_split_holds_out_a_fifth():
    shares = [hashed_split("x", f"text {i}") for i in range(2000)]
    assert 0.15 < shares.count("test") / len(shares) < 0.25


def test_no_held_out_text_was_trained_on():
    train = Example("you absolute idiot", "a", "train", {"toxicity": 1})
    repeat = Example("You absolute IDIOT!!", "b", "test", {"toxicity": 1})
    fresh = Example("a different remark", "b", "test", {"toxicity": 0})
    assert drop_seen_test_rows([train, repeat, fresh]) == [train, fresh]


def test_concurrent_scoring_from_many_threads_agrees_with_scoring_alone():
    texts = [f"comment number {i} calling someone word{i} a moron" for i in range(400)]
    expected = [s["insult"] for s in score(texts, spans=False, model=Model(ARTIFACT))]
    model = Model(ARTIFACT)  # a fresh cache, grown by all threads at once
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda t: score([t], spans=False, model=model)[0]["insult"], texts))
    finally:
        sys.setswitchinterval(previous)
    assert results == pytest.approx(expected, abs=1e-6)


def test_a_batch_scores_each_text_independently():
    texts = ["You absolute moron.", "Lovely weather today.", "You absolute moron."]
    batch = score(texts, spans=False)
    alone = [score([text], spans=False)[0] for text in texts]
    for together, single in zip(batch, alone, strict=True):
        assert together.attributes == single.attributes
    assert batch[0]["insult"] > batch[1]["insult"]


def test_training_data_is_in_the_project_with_licences():
    data = Path(__file__).parents[2] / "data"
    assert (data / "NOTICE").exists()
    for folder in ("davidson", "toxic_spans", "convabuse", "stormfront_gibert2018", "toxigen_seeds"):
        assert any(p.name.upper().startswith("LICENSE") for p in (data / folder).iterdir()), folder
