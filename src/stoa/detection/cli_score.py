"""``stoa score``: score texts from the command line, as a table for people or as JSON lines for programs.

``stoa score "text" …`` prints one row per text: the text (shortened), each attribute's probability, the
substrings that drove a flagged score and the kinds of personal data found.

``stoa score --jsonl < in.jsonl > out.jsonl`` reads one ``{"id": …, "text": …}`` object a line and writes, in the
same order, ``{"id": …, "scores": {…}, "spans": [{"begin", "end", "score", "attribute"}], "personal_data":
[{"type", "begin", "end"}], "model": "…"}``. The ``id`` is echoed as given (``null`` when absent). A bad line (not
UTF-8, not JSON, not an object, no text, empty or non-string text, text over ``MAX_TEXT_CHARS``) writes nothing to
stdout and a message naming its line number to stderr; the other lines are still scored, in batches. Blank lines
are skipped. The exit code is 1 if any line or text was refused, else 0.

Pure: this module and everything it imports stay clear of Django.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TextIO

from stoa.detection.classifier import MAX_TEXT_CHARS, score
from stoa.detection.personal_data import find_personal_data
from stoa.detection.results import ATTRIBUTES, Scores

BATCH_SIZE = 1000
TEXT_WIDTH = 40
COLUMN_NAMES = {"severe_toxicity": "severe", "identity_attack": "identity", "sexually_explicit": "sexual"}


class BadInput(ValueError):
    """One input line or argument that cannot be scored; the message says which and why."""


@dataclass(frozen=True)
class Item:
    """A text to score and the identifier to echo with its result."""

    id: object
    text: str


def check_text(text: object, name: str = '"text"') -> str:
    """The text itself if it can be scored; otherwise ``BadInput`` saying what is wrong with it."""
    if not isinstance(text, str):
        raise BadInput(f"{name} must be a string, not {type(text).__name__}")
    if not text.strip():
        raise BadInput(f"{name} is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise BadInput(f"{name} has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    return text


def parse_line(line: bytes | str) -> Item:
    """One JSON line as an ``Item``, or ``BadInput``."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadInput(f"not UTF-8 ({error.reason} at byte {error.start})") from error
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadInput(f"not JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise BadInput(f'expected an object like {{"id": 1, "text": "…"}}, got a JSON {type(record).__name__}')
    if "text" not in record:
        raise BadInput('no "text" field')
    return Item(record.get("id"), check_text(record["text"]))


def scored(items: Sequence[Item]) -> Iterator[tuple[Item, Scores, list]]:
    """Each item with its scores and personal-data findings, in order; the model sees the whole batch at once."""
    results = score([item.text for item in items])
    for item, result in zip(items, results, strict=True):
        yield item, result, find_personal_data(item.text)


def _numbered_items(lines: Iterable[bytes | str], err: TextIO) -> Iterator[Item | None]:
    """Parse each line; a bad line is reported on ``err`` and yields ``None``; blank lines yield nothing."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield parse_line(line)
        except BadInput as problem:
            err.write(f"stoa score: line {number}: {problem}\n")
            yield None


def score_jsonl(lines: Iterable[bytes | str], out: TextIO, err: TextIO, *, batch_size: int = BATCH_SIZE) -> int:
    """Score JSON lines into JSON lines (see the module docstring); return the exit code."""
    parsed = _numbered_items(lines, err)
    failed = False
    while chunk := list(islice(parsed, batch_size)):
        good = [item for item in chunk if item is not None]
        failed = failed or len(good) < len(chunk)
        for item, result, findings in scored(good) if good else ():
            out.write(json.dumps(jsonl_record(item, result, findings)) + "\n")
        out.flush()
    return 1 if failed else 0


def jsonl_record(item: Item, result: Scores, findings: list) -> dict:
    fields = result.to_dict()
    return {
        "id": item.id,
        "scores": fields["scores"],
        "spans": fields["spans"],
        "personal_data": [finding.to_dict() for finding in findings],
        "model": fields["model"],
    }


def score_table(texts: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Print a readable table of the texts' scores; a refused text is named on ``err``. Return the exit code."""
    items = []
    for number, text in enumerate(texts, start=1):
        try:
            items.append(Item(number, check_text(text, "the text")))
        except BadInput as problem:
            err.write(f"stoa score: text {number}: {problem}\n")
    results = list(scored(items)) if items else []
    if results:
        header = ("#", "text", *(COLUMN_NAMES.get(name, name) for name in ATTRIBUTES), "spans", "personal data")
        out.write(format_table(header, [table_row(*result) for result in results]))
        out.write(f"model: {results[0][1].model}\n")
    return 0 if len(items) == len(texts) else 1


def table_row(item: Item, result: Scores, findings: list) -> tuple[str, ...]:
    spans = dict.fromkeys(f'"{item.text[span.begin : span.end]}"' for span in result.spans)
    kinds = dict.fromkeys(finding.type for finding in findings)
    probabilities = (f"{result.attributes[name]:.2f}" for name in ATTRIBUTES)
    return (str(item.id), shorten(item.text), *probabilities, ", ".join(spans) or "-", ", ".join(kinds) or "-")


def shorten(text: str, width: int = TEXT_WIDTH) -> str:
    """The text on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [header, tuple("-" * width for width in widths), *rows]
    return "".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n" for line in lines)


def run_score(
    texts: Sequence[str], *, jsonl: bool, stdin=None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """The ``stoa score`` command: texts given as arguments make a table; ``jsonl`` reads JSON lines from stdin."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if jsonl == bool(texts):
        stderr.write('stoa score: give texts to score (stoa score "some text" …) or --jsonl to read JSON lines\n')
        return 2
    if jsonl:
        return score_jsonl(stdin if stdin is not None else sys.stdin.buffer, stdout, stderr)
    return score_table(texts, stdout, stderr)
