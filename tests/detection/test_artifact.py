"""The committed model: small, versioned, loaded once, with metrics measured on held-out rows only."""

import json
from pathlib import Path

from stoa.detection import ATTRIBUTES, score
from stoa.detection.classifier import ARTIFACT, load_model
from stoa.detection.datasets import LABEL_SOURCES, hashed_split

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


def test_model_loads_once_per_process():
    assert load_model() is load_model()


def test_the_hashed_split_is_fixed_and_keeps_identical_texts_together():
    assert hashed_split("davidson", "same text") == hashed_split("davidson", "same text")
    shares = [hashed_split("x", f"text {i}") for i in range(2000)]
    assert 0.15 < shares.count("test") / len(shares) < 0.25


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
