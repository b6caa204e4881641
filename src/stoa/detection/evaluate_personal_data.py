"""Precision and recall of ``find_personal_data`` on Presidio's synthetic PII sentences, per type.

Run ``python -m stoa.detection.evaluate_personal_data [path]``: it prints a table and writes nothing. The data set
(``data/presidio_synth_pii/synth_dataset_v2.json``, MIT, from Microsoft's presidio-research) has 1,500 sentences
with typed character spans; four of its types are ours. A predicted span is a true positive when it overlaps a
gold span of its type; a gold span is recalled when a prediction of its type overlaps it.

Presidio labels a postcode written inside a full address as part of the ``STREET_ADDRESS``, so a strict count
calls our postcode there a false positive. The ``lenient`` precision also accepts a postcode that lies within a
gold street address; both are printed, and the strict one is the headline.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stoa.detection.personal_data import find_personal_data
from stoa.detection.results import Finding

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "presidio_synth_pii" / "synth_dataset_v2.json"
GOLD_TYPES: Mapping[str, str] = {
    "PHONE_NUMBER": "phone_number",
    "EMAIL_ADDRESS": "email_address",
    "STREET_ADDRESS": "street_address",
    "ZIP_CODE": "postcode",
}
LENIENT_GOLD: Mapping[str, tuple[str, ...]] = {"postcode": ("postcode", "street_address")}


@dataclass
class Tally:
    """Counts for one type: predictions right and wrong, gold spans found and missed."""

    true_positives: int = 0
    false_positives: int = 0
    lenient_true_positives: int = 0
    recalled: int = 0
    support: int = 0

    def as_dict(self) -> dict[str, float | int]:
        predicted = self.true_positives + self.false_positives
        return {
            "precision": _ratio(self.true_positives, predicted),
            "lenient_precision": _ratio(self.lenient_true_positives, predicted),
            "recall": _ratio(self.recalled, self.support),
            "predicted": predicted,
            "support": self.support,
        }


def _ratio(part: int, whole: int) -> float:
    """A share, 0.0 when there is nothing to share (no predictions, no gold spans)."""
    return part / whole if whole else 0.0


def evaluate(path: Path | str = DEFAULT_PATH) -> dict[str, dict[str, float | int]]:
    """Per type: precision, lenient precision, recall, the number predicted, and the gold support."""
    tallies = {kind: Tally() for kind in GOLD_TYPES.values()}
    for record in json.loads(Path(path).read_text(encoding="utf-8")):
        gold = _gold_spans(record["spans"])
        _score_sentence(tallies, find_personal_data(record["full_text"]), gold)
    return {kind: tally.as_dict() for kind, tally in tallies.items()}


def _gold_spans(spans: Iterable[Mapping]) -> dict[str, list[tuple[int, int]]]:
    """The record's gold spans under our type names; Presidio's other types are dropped."""
    gold: dict[str, list[tuple[int, int]]] = {kind: [] for kind in GOLD_TYPES.values()}
    for span in spans:
        if span["entity_type"] in GOLD_TYPES:
            gold[GOLD_TYPES[span["entity_type"]]].append((span["start_position"], span["end_position"]))
    return gold


def _score_sentence(tallies: dict[str, Tally], found: Sequence[Finding], gold: Mapping[str, list]) -> None:
    """Add one sentence's predictions and gold spans to the running tallies."""
    for kind, tally in tallies.items():
        predicted = [(f.begin, f.end) for f in found if f.type == kind]
        lenient_gold = [span for accepted in LENIENT_GOLD.get(kind, (kind,)) for span in gold[accepted]]
        hits = sum(_overlaps_any(span, gold[kind]) for span in predicted)
        tally.true_positives += hits
        tally.false_positives += len(predicted) - hits
        tally.lenient_true_positives += sum(_overlaps_any(span, lenient_gold) for span in predicted)
        tally.recalled += sum(_overlaps_any(span, predicted) for span in gold[kind])
        tally.support += len(gold[kind])


def _overlaps_any(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in others)


def format_table(results: Mapping[str, Mapping[str, float | int]]) -> str:
    """The results as a plain-text table, one row per type."""
    lines = [f"{'type':<16}{'precision':>10}{'lenient P':>10}{'recall':>8}{'predicted':>10}{'support':>9}"]
    for kind, row in results.items():
        lines.append(
            f"{kind:<16}{row['precision']:>10.3f}{row['lenient_precision']:>10.3f}{row['recall']:>8.3f}"
            f"{row['predicted']:>10}{row['support']:>9}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table for the data set at ``argv[0]`` (default: the copy under ``data/``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    sys.stdout.write(format_table(evaluate(args[0] if args else DEFAULT_PATH)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
