"""The training data, read from the project's ``data/`` folder into one labelled list.

Each dataset teaches the attributes it honestly has labels for (``None`` elsewhere), and every row carries a
fixed split: a dataset's own validation split where it has one (TweetEval), otherwise 20% chosen by a hash of
the text, so the split never changes between runs or machines. ``LABEL_SOURCES`` says which data taught which
attribute; ``metrics.json`` repeats it.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stoa.detection.fairness import IDENTITIES, training_sentences
from stoa.detection.features import words_of
from stoa.detection.lexicon import has_profanity, has_sexual_term

TEST_SHARE = 20  # percent of rows held out where a dataset has no split of its own

LABEL_SOURCES: dict[str, list[str]] = {
    "toxicity": [
        "identity_neutral: our neutral identity sentences (negatives, all attributes but lexicon ones)",
        "OLID/TweetEval offensive (OFF)",
        "Davidson (hate or offensive)",
        "toxic-spans (raters' majority)",
        "ConvAbuse (mean severity < 0)",
        "Stormfront (hate)",
        "ToxiGen seeds (hate vs neutral)",
    ],
    "severe_toxicity": [
        "ConvAbuse (mean severity <= -2)",
        "toxic-spans (threat, or identity attack with insult or profanity)",
        "Davidson (hate by a majority)",
        "negatives: every non-toxic and mildly toxic row",
    ],
    "insult": [
        "OLID level B (TIN: targeted insult/threat)",
        "toxic-spans (Insult spans by a majority of raters)",
        "ConvAbuse (abusive and aimed at an individual)",
    ],
    "threat": ["toxic-spans (Threat spans by a third of raters)", "negatives: OLID NOT, Davidson neither"],
    "identity_attack": [
        "Davidson (hate)",
        "Stormfront (hate)",
        "ToxiGen seeds",
        "HatEval/TweetEval hate",
        "toxic-spans (Identity based Attack by a third of raters)",
        "ConvAbuse (identity types)",
    ],
    "profanity": ["profanity lexicon over every text (weak label)", "toxic-spans (Profane/Obscene by a third)"],
    "sexually_explicit": ["ConvAbuse (sexual harassment)", "sexual-terms lexicon over every text (weak label)"],
}


@dataclass
class Example:
    """One labelled text. ``labels`` maps attribute → 0/1 for the attributes this source labels."""

    text: str
    source: str
    split: str  # "train" or "test"
    labels: dict[str, int] = field(default_factory=dict)
    weight: float = 1.0


def hashed_split(source: str, text: str) -> str:
    digest = hashlib.sha256(f"{source}\x00{text}".encode()).digest()
    return "test" if digest[0] * 100 // 256 < TEST_SHARE else "train"


def _with_lexicon(labels: dict[str, int], text: str) -> dict[str, int]:
    """Add the weak lexicon labels where the source did not already label profanity or sexual content."""
    labels.setdefault("profanity", int(has_profanity(text)))
    labels.setdefault("sexually_explicit", int(has_sexual_term(text)))
    return labels


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _olid_key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower().replace("@user", "").replace("url", ""))[:80]


def read_olid(root: Path) -> Iterator[Example]:
    """OLID tweets with levels A and B, split as TweetEval splits them (its val is our test)."""
    val = {_olid_key(text) for text in _lines(root / "tweeteval/offensive/val_text.txt")}
    with (root / "olid/olid-training-v1.0.tsv").open(encoding="utf-8") as handle:
        for row in list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
            text = row[1].replace("@USER", "@user")
            labels = {"toxicity": int(row[2] == "OFF"), "insult": int(row[3] == "TIN")}
            if row[2] == "NOT":
                labels |= {"threat": 0, "severe_toxicity": 0, "identity_attack": 0}
            split = "test" if _olid_key(row[1]) in val else "train"
            yield Example(text, "olid", split, _with_lexicon(labels, text))


def read_davidson(root: Path) -> Iterator[Example]:
    """Tweets labelled hate / offensive / neither; down-weighted (known dialect bias) and not used for insult."""
    with (root / "davidson/labeled_data.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text, label = row["tweet"], int(row["class"])
            majority_hate = int(row["hate_speech"]) * 2 > int(row["count"])
            labels = {
                "toxicity": int(label < 2),
                "identity_attack": int(label == 0),
                "severe_toxicity": int(majority_hate),
            }
            if label == 2:
                labels["threat"] = 0
            yield Example(text, "davidson", hashed_split("davidson", text), _with_lexicon(labels, text), weight=0.3)


def _toxic_span_votes(root: Path) -> tuple[dict[str, list[dict]], dict[str, set[str]]]:
    annotations: dict[str, list[dict]] = defaultdict(list)
    with (root / "toxic_spans/annotations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            annotations[row["comment_id"]].append(row)
    types: dict[str, set[str]] = defaultdict(set)
    with (root / "toxic_spans/spans.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            types[row["annotation"]].add(row["type"])
    return annotations, types


def _share(raters: list[dict], types: dict[str, set[str]], span_type: str) -> float:
    return sum(span_type in types[rater["annotation"]] for rater in raters) / len(raters)


def _toxic_spans_labels(raters: list[dict], types: dict[str, set[str]]) -> dict[str, int]:
    toxic = sum(rater["not toxic"] != "True" for rater in raters) * 2 > len(raters)
    threat = _share(raters, types, "Threat") >= 1 / 3
    identity = _share(raters, types, "Identity based Attack") >= 1 / 3
    insult = _share(raters, types, "Insult") >= 0.5
    profane = _share(raters, types, "Profane/Obscene") >= 1 / 3
    severe = threat or (identity and (insult or profane))
    return {
        "toxicity": int(toxic),
        "threat": int(threat and toxic),
        "identity_attack": int(identity and toxic),
        "insult": int(insult and toxic),
        "profanity": int(profane),
        "severe_toxicity": int(severe and toxic),
    }


def read_toxic_spans(root: Path) -> Iterator[Example]:
    """Civil Comments posts rated by several people, with typed spans; the raters' votes give the labels."""
    annotations, types = _toxic_span_votes(root)
    span_trial = _span_trial_texts(root)
    with (root / "toxic_spans/comments.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            raters = annotations.get(row["comment_id"])
            if not raters:
                continue
            text = row["comment_text"]
            labels = _with_lexicon(_toxic_spans_labels(raters, types), text)
            split = "test" if text.strip() in span_trial else hashed_split("toxic_spans", text)
            yield Example(text, "toxic_spans", split, labels)


def _span_trial_texts(root: Path) -> set[str]:
    """The posts whose spans are evaluated (tsd_trial): always held out, so span F1 is measured on unseen posts."""
    with (root / "toxic_spans/tsd_trial.csv").open(encoding="utf-8") as handle:
        return {row["text"].strip() for row in csv.DictReader(handle)}


def _ticked(cell: str | None) -> bool:
    """A ConvAbuse cell is "0", "1", empty, or several marks ("0, 1") when an annotator saw a row twice."""
    return bool(cell) and "1" in cell.split(", ")


def _convabuse_votes(row: dict, suffix: str) -> int:
    return sum(_ticked(row[key]) for key in row if key.startswith("Annotator") and key.endswith(suffix))


def _severity_votes(row: dict) -> list[int]:
    """Each annotator's severity, from 1 (not abuse) to -3 (very severe)."""
    return [
        level
        for annotator in range(1, 9)
        for level in (1, 0, -1, -2, -3)
        if _ticked(row.get(f"Annotator{annotator}_is_abuse.{level}"))
    ]


def _convabuse_labels(row: dict) -> dict[str, int] | None:
    votes = _severity_votes(row)
    if not votes:
        return None
    mean = sum(votes) / len(votes)

    def share(suffix: str) -> float:
        return _convabuse_votes(row, suffix) / len(votes)

    identity = max(share(name) for name in ("_racist", "_homophobic", "_sexist", "_transphobic", "_ableist"))
    abusive = mean < 0
    return {
        "toxicity": int(abusive),
        "severe_toxicity": int(mean <= -2),
        "sexually_explicit": int(share("_sex_harassment") >= 0.5),
        "identity_attack": int(abusive and identity >= 0.5),
        "insult": int(abusive and share("_target.individual") >= 0.5),
    }


def read_convabuse(root: Path) -> Iterator[Example]:
    """Users' messages to conversational agents, with per-annotator severity and abuse types."""
    for name, split in (("ConvAbuseEMNLPtrain.csv", "train"), ("ConvAbuseEMNLPvalid.csv", "test")):
        with (root / "convabuse" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                labels = _convabuse_labels(row)
                if labels and row["user"].strip():
                    yield Example(row["user"], "convabuse", split, _with_lexicon(labels, row["user"]))


def read_stormfront(root: Path) -> Iterator[Example]:
    """Forum sentences labelled hate / noHate (relation and idk rows are left out)."""
    with (root / "stormfront_gibert2018/stormfront_sentences.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["label"] not in ("hate", "noHate"):
                continue
            hate = int(row["label"] == "hate")
            labels = {"toxicity": hate, "identity_attack": hate}
            yield Example(
                row["text"], "stormfront", hashed_split("stormfront", row["text"]), _with_lexicon(labels, row["text"])
            )


def read_toxigen(root: Path) -> Iterator[Example]:
    """Human-written implicit hate and neutral statements about 16 groups: the neutral ones teach fairness."""
    with (root / "toxigen_seeds/toxigen_prompt_sentences.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            hate = int(row["label"] == "hate")
            labels = {"toxicity": hate, "identity_attack": hate, "insult": 0 if not hate else None}
            labels = {key: value for key, value in labels.items() if value is not None}
            if not hate:
                labels |= {"threat": 0, "severe_toxicity": 0}
            text = row["text"]
            yield Example(text, "toxigen", hashed_split("toxigen", text), _with_lexicon(labels, text), weight=2.0)


def read_hateval(root: Path) -> Iterator[Example]:
    """HatEval tweets (hate against women and immigrants), TweetEval's split; identity attack only."""
    for split, prefix in (("train", "train"), ("test", "val")):
        texts = _lines(root / f"tweeteval/hate/{prefix}_text.txt")
        labels = _lines(root / f"tweeteval/hate/{prefix}_labels.txt")
        for text, label in zip(texts, labels, strict=True):
            yield Example(text, "hateval", split, {"identity_attack": int(label)}, weight=0.5)


def read_identity_neutral(root: Path) -> Iterator[Example]:
    """Our own neutral sentences naming identities (``fairness.TRAINING_FRAMES``): the bias mitigation.

    Their weights are set by ``balance_identities`` once every dataset is loaded.
    """
    for term, text in training_sentences():
        labels = {"toxicity": 0, "severe_toxicity": 0, "insult": 0, "threat": 0, "identity_attack": 0}
        yield Example(text, f"identity_neutral:{term}", "train", _with_lexicon(labels, text))


def _mentions(term: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(term.casefold())}\b")


def balance_identities(examples: list[Example], least: float = 4.0, most: float = 60.0) -> None:
    """Dixon et al.'s mitigation: weigh each identity's neutral sentences so that, in training, texts naming that
    identity are toxic at most half as often as texts overall (each sentence weighs between ``least`` and
    ``most``)."""
    training = [e for e in examples if e.split == "train" and "toxicity" in e.labels]
    overall = sum(e.labels["toxicity"] * e.weight for e in training) / sum(e.weight for e in training)
    for term in IDENTITIES:
        pattern = _mentions(term)
        naming = [
            e for e in training if not e.source.startswith("identity_neutral") and pattern.search(e.text.casefold())
        ]
        toxic = sum(e.labels["toxicity"] * e.weight for e in naming)
        total = sum(e.weight for e in naming)
        neutral = [e for e in examples if e.source == f"identity_neutral:{term}"]
        needed = max(toxic / (overall / 2) - total, 0.0) if overall else 0.0
        for example in neutral:
            example.weight = min(max(needed / len(neutral), least), most)


READERS = (
    read_identity_neutral,
    read_olid,
    read_davidson,
    read_toxic_spans,
    read_convabuse,
    read_stormfront,
    read_toxigen,
    read_hateval,
)


def drop_seen_test_rows(examples: list[Example]) -> list[Example]:
    """Held-out rows whose words (normalised) also appear as a training row (of any source) are dropped, so no
    evaluation text was ever trained on ("yes" or "fuck you" recur across ConvAbuse's splits)."""
    seen = {_words(e.text) for e in examples if e.split == "train"}
    return [e for e in examples if e.split == "train" or _words(e.text) not in seen]


def _words(text: str) -> str:
    return " ".join(words_of(text))


def load_examples(root: Path) -> list[Example]:
    """Every labelled row of every dataset, in a fixed order, with the identity sentences balanced."""
    examples = drop_seen_test_rows([example for reader in READERS for example in reader(root)])
    balance_identities(examples)
    return examples
