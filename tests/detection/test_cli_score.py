"""``stoa score``: the table for people, JSON lines for programs, and a clear word about every line it refuses."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stoa.detection.classifier import MAX_TEXT_CHARS
from stoa.detection.cli_score import run_score, score_jsonl
from stoa.detection.results import ATTRIBUTES

STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"
ABUSIVE = "You are a stupid worthless idiot, shut up and go away"
KIND = "Thank you for the thoughtful post, I learned a lot"
WITH_EMAIL = "Write to me at ann.example@example.org about the meetup"


def _stoa(args: list[str], stdin: str | bytes = b"") -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([STOA, "score", *args], input=data, env=environment, capture_output=True, timeout=120)  # noqa: S603


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _score_in_process(stdin: bytes) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_score([], jsonl=True, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_the_table_has_a_row_per_text_with_probabilities_spans_and_personal_data():
    result = _stoa([ABUSIVE, KIND, WITH_EMAIL])
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    header, rows = lines[0], {line.split()[0]: line for line in lines[2:] if line[:1].isdigit()}
    for column in ("toxicity", "severe", "insult", "threat", "identity", "profanity", "sexual", "spans"):
        assert column in header
    assert set(rows) == {"1", "2", "3"}
    assert len(re.findall(r"\b[01]\.\d\d\b", rows["2"])) == len(ATTRIBUTES)
    quoted = re.findall(r'"([^"]+)"', rows["1"])
    assert quoted and all(substring in ABUSIVE for substring in quoted)
    assert "email_address" in rows["3"]
    assert lines[-1].startswith("model: ") and len(lines[-1]) > len("model: ")


def test_the_table_shortens_long_texts_to_one_line():
    result = _stoa(["first line\nsecond line " + "word " * 50])
    row = result.stdout.decode().splitlines()[2]
    assert "first line second line" in row and "…" in row


def test_jsonl_echoes_ids_in_order_with_every_attribute():
    records = [{"id": 7, "text": ABUSIVE}, {"id": "kind-one", "text": KIND}, {"text": WITH_EMAIL}]
    result = _stoa(["--jsonl"], _jsonl(*records))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [answer["id"] for answer in answers] == [7, "kind-one", None]
    for answer in answers:
        assert set(answer) == {"id", "scores", "spans", "personal_data", "model"}
        assert set(answer["scores"]) == set(ATTRIBUTES)
        assert all(0.0 <= value <= 1.0 for value in answer["scores"].values())
        assert answer["model"]
    abusive, kind, email = answers
    assert abusive["scores"]["toxicity"] > kind["scores"]["toxicity"]
    assert all({"begin", "end", "score"} <= set(span) for span in abusive["spans"])
    assert {"type": "email_address", "begin": 15, "end": 38} in email["personal_data"]


BAD_LINES = {
    "not JSON": (b"{not json", "not JSON"),
    "not UTF-8": (b'{"id": 2, "text": "caf\xe9"}', "not UTF-8"),
    "an array": (b'["id", 2]', "expected an object"),
    "a bare string": (b'"just a string"', "expected an object"),
    "no text": (b'{"id": 2, "body": "hello"}', 'no "text" field'),
    "empty text": (b'{"id": 2, "text": ""}', '"text" is empty'),
    "blank text": (b'{"id": 2, "text": "  \\n "}', '"text" is empty'),
    "number as text": (b'{"id": 2, "text": 42}', '"text" must be a string, not int'),
    "null text": (b'{"id": 2, "text": null}', '"text" must be a string, not NoneType'),
    "text over the limit": (json.dumps({"id": 2, "text": "a" * (MAX_TEXT_CHARS + 1)}).encode(), "the limit is"),
}


@pytest.mark.parametrize("kind", BAD_LINES)
def test_a_bad_line_is_named_and_the_other_lines_are_still_scored(kind):
    bad, message = BAD_LINES[kind]
    good_before, good_after = _jsonl({"id": 1, "text": KIND}).encode(), _jsonl({"id": 3, "text": ABUSIVE}).encode()
    code, answers, errors = _score_in_process(good_before + bad + b"\n" + good_after)
    assert code == 1
    assert [answer["id"] for answer in answers] == [1, 3]
    assert errors.count("\n") == 1
    assert errors.startswith("stoa score: line 2: ")
    assert message in errors


def test_the_console_script_reports_a_bad_line_and_exits_1():
    result = _stoa(["--jsonl"], _jsonl({"id": 1, "text": KIND}) + "oops\n" + _jsonl({"id": 3, "text": KIND}))
    assert result.returncode == 1
    assert "line 2: not JSON" in result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) == 2


def test_text_at_the_limit_is_scored():
    code, answers, errors = _score_in_process(_jsonl({"id": 1, "text": "a" * MAX_TEXT_CHARS}).encode())
    assert (code, errors, len(answers)) == (0, "", 1)


def test_batches_keep_the_input_order_and_blank_lines_are_skipped():
    lines = [_jsonl({"id": i, "text": f"comment number {i}"}) for i in range(7)]
    lines[3], lines[5] = "not json\n", "\n"
    out, err = io.StringIO(), io.StringIO()
    assert score_jsonl(lines, out, err, batch_size=2) == 1
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == [0, 1, 2, 4, 6]
    assert err.getvalue().startswith("stoa score: line 4: not JSON")


def test_a_refused_argument_is_named_and_the_others_are_still_scored():
    result = _stoa([KIND, "x" * (MAX_TEXT_CHARS + 1), "   "])
    assert result.returncode == 1
    errors = result.stderr.decode()
    assert "text 2: the text has 20,001 characters; the limit is 20,000" in errors
    assert "text 3: the text is empty" in errors
    assert [line.split()[0] for line in result.stdout.decode().splitlines()[2:-1]] == ["1"]


@pytest.mark.parametrize("args", [[], ["--jsonl", "a text"]])
def test_texts_or_jsonl_but_not_both_nor_neither(args):
    result = _stoa(args)
    assert result.returncode == 2
    assert "give texts to score" in result.stderr.decode()


def test_score_never_sets_django_up():
    code = (
        "import sys; from stoa.cli import main; main(['score', 'hello there']); "
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stderr == "[]"
