"""``stoa analyze``: the example pile-on, shields that spare people with history, JSON, and bad input named."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stoa.detection.cli_analyze import run_analyze

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "named-man-pileon.json"
STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"
POST = {"title": "Allotments", "author": "editor", "body": "About the allotments.", "published": "2026-03-10T08:00Z"}


def analyse(path: Path, *, as_json: bool = True) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_analyze(str(path), as_json=as_json, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def thread_file(tmp_path: Path, comments: list[dict], post: dict | None = None) -> Path:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps({"post": post or POST, "comments": comments}), encoding="utf-8")
    return path


def comment(id_, author: str, text: str, minute: int, reply_to=None) -> dict:
    record = {"id": id_, "author": author, "text": text, "published": f"2026-03-10T09:{minute:02d}:00+00:00"}
    return record | ({"reply_to": reply_to} if reply_to is not None else {})


@pytest.fixture(scope="module")
def example() -> dict:
    code, out, err = analyse(EXAMPLE)
    assert code == 0, err
    return json.loads(out)


def test_the_named_man_is_piled_on_and_a_shield_opens_at_the_third_hostile_author(example):
    (target,) = [t for t in example["targets"] if t["key"] == "person:mark-greenstein"]
    assert target["name"] == "Mark Greenstein"
    assert [e["comment"] for e in target["hostile_events"]] == ["4", "5", "6", "7", "8"]
    assert [a["level"] for a in target["alerts"]] == ["watch", "pile-on"]
    assert target["alerts"][1]["comments"] == ["4", "5", "6"]
    assert target["alerts"][1]["figures"]["hostile_authors"] == 3
    assert target["shield"] == {
        "opened": "2026-03-10T18:31:00+00:00",
        "until": "2026-03-13T18:31:00+00:00",
        "by_comment": "6",
    }


def test_each_comment_has_scores_targets_and_the_sites_decision(example):
    comments = {c["id"]: c for c in example["comments"]}
    assert set(comments["1"]["scores"]) >= {"toxicity", "insult", "threat"}
    assert comments["4"]["targets"][0]["reasons"] == ["names 'Greenstein'"]
    assert comments["4"]["hostile_to"] == ["person:mark-greenstein"]
    assert comments["6"]["decision"] == "hold"
    assert "personal information: street address" in comments["6"]["reasons"]
    for held in ("7", "8"):
        assert comments[held]["decision"] == "hold"
        assert "shield for Mark Greenstein" in comments[held]["reasons"]
    assert [comments[i]["decision"] for i in ("1", "2", "3", "9")] == ["publish"] * 4
    assert example["settings"]["hold_thresholds"]["toxicity"] == 0.8


def test_the_report_for_people_lists_comments_then_targets_and_the_shield():
    code, out, err = analyse(EXAMPLE, as_json=False)
    assert code == 0, err
    assert "#7  2026-03-10 18:47  local_lad_99: HOLD (shield for Mark Greenstein)" in out
    targets = out[out.index("\nTargets\n") :]
    assert "person:mark-greenstein  (Mark Greenstein)" in targets
    assert "PILE-ON: 3 hostile author(s)" in targets
    assert "shield: would have opened 2026-03-10 18:31 (at comment #6), until 2026-03-13 18:31" in targets


def test_a_shield_holds_strangers_but_not_people_with_history_with_the_target(tmp_path):
    comments = [
        comment(1, "natasha", "I reported the broken fence to the council last week.", 0),
        comment(2, "ruth", "Thanks for doing that, it needed sorting.", 5, reply_to=1),
        comment(3, "new1", "You informant. Snitch.", 10, reply_to=1),
        comment(4, "new2", "Natasha is a snitch and a lowlife", 12),
        comment(5, "new3", "You are a snitch, everyone knows it", 14, reply_to=1),
        comment(6, "new4", "I agree with the others about her", 16, reply_to=1),
        comment(7, "ruth", "Leave her alone, she did the right thing.", 18, reply_to=1),
    ]
    code, out, err = analyse(thread_file(tmp_path, comments))
    assert code == 0, err
    result = json.loads(out)
    decisions = {c["id"]: (c["decision"], c["reasons"]) for c in result["comments"]}
    (natasha,) = [t for t in result["targets"] if t["key"] == "member:natasha"]
    assert natasha["shield"]["by_comment"] == "5"
    assert decisions["6"] == ("hold", ["shield for natasha"])
    assert decisions["7"] == ("publish", [])
    assert decisions["2"] == ("publish", [])


def test_the_sites_settings_come_from_the_same_environment_variables(monkeypatch):
    monkeypatch.setenv("STOA_SHIELD_DURATION", "24h")
    monkeypatch.setenv("STOA_HOLD_THRESHOLDS", "toxicity=0.5")
    code, out, err = analyse(EXAMPLE)
    assert code == 0, err
    result = json.loads(out)
    (target,) = [t for t in result["targets"] if t["key"] == "person:mark-greenstein"]
    assert target["shield"]["until"] == "2026-03-11T18:31:00+00:00"
    decisions = {c["id"]: c["reasons"] for c in result["comments"]}
    assert decisions["4"] == ["toxicity 0.70 ≥ 0.50"]


def test_the_reject_thresholds_reject_with_their_reason(monkeypatch):
    monkeypatch.setenv("STOA_REJECT_THRESHOLDS", "toxicity=0.6")
    code, out, err = analyse(EXAMPLE)
    assert code == 0, err
    comments = {c["id"]: c for c in json.loads(out)["comments"]}
    assert comments["4"]["decision"] == "reject" and comments["4"]["reasons"][0] == "toxicity 0.70 ≥ 0.60"
    assert comments["1"]["decision"] == "publish"


def test_a_bad_setting_is_named_with_exit_code_2(monkeypatch):
    monkeypatch.setenv("STOA_HOLD_THRESHOLDS", "rudeness=0.5")
    code, out, err = analyse(EXAMPLE)
    assert code == 2 and out == "" and err.startswith("stoa analyze: STOA_HOLD_THRESHOLDS='rudeness=0.5' is not valid")


def test_an_empty_thread_is_fine(tmp_path):
    code, out, _ = analyse(thread_file(tmp_path, []), as_json=False)
    assert code == 0 and "no comment was aimed at anyone" in out


GOOD = comment(1, "ann", "Fine post", 0)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "the file is not JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
        ([], 'expected an object {"post": …, "comments": […]}, got a JSON array'),
        ({"comments": []}, 'the thread: "post" is missing'),
        ({"post": POST}, 'the thread: "comments" is missing'),
        ({"post": POST | {"published": "last Tuesday"}, "comments": []}, 'the post: "published" is not an ISO 8601'),
        ({"post": POST, "comments": [GOOD, {"id": 2, "author": "bob"}]}, 'comment 2 (comments[1]): "text" is missing'),
        ({"post": POST, "comments": [GOOD | {"text": ""}]}, 'comment 1 (comments[0]): "text" is empty'),
        ({"post": POST, "comments": [GOOD | {"text": 5}]}, '"text" must be a string, not a JSON number'),
        ({"post": POST, "comments": [GOOD | {"published": "2026-13-01"}]}, 'comment 1 (comments[0]): "published"'),
        ({"post": POST, "comments": [GOOD, GOOD]}, 'comment 1 (comments[1]): "id" 1 is used twice'),
        ({"post": POST, "comments": [GOOD | {"reply_to": 9}]}, '"reply_to" names comment 9, which is not in the file'),
        ({"post": POST, "comments": [{"author": "ann", "text": "hi"}]}, 'comments[0]: "id" is missing'),
        ({"post": POST, "comments": ["hi"]}, "comments[0]: expected an object, got a JSON string"),
        ({"post": POST, "comments": [GOOD | {"author": None}]}, '"author" must be a string, not a JSON null'),
    ],
)
def test_bad_input_is_named_by_field_and_comment_with_exit_code_2(tmp_path, document, message):
    path = tmp_path / "bad.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    code, out, err = analyse(path)
    assert code == 2 and out == ""
    assert err.startswith(f"stoa analyze: {path}: ") and message in err and err.count("\n") == 1


def _stoa(*args: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    return subprocess.run([STOA, "analyze", *args], env=environment, capture_output=True, text=True, timeout=120)  # noqa: S603


def test_the_command_line_exits_2_without_a_traceback(tmp_path):
    path = thread_file(tmp_path, [{"id": "c7", "author": "ann", "text": "hi", "published": "soon"}])
    result = _stoa(str(path))
    assert result.returncode == 2 and result.stdout == ""
    expected = "comment c7 (comments[0]): \"published\" is not an ISO 8601 timestamp: 'soon'"
    assert result.stderr == f"stoa analyze: {path}: {expected}\n"
    missing = _stoa(str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr


def test_the_command_line_prints_json_with_the_documented_fields():
    result = _stoa(str(EXAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"post", "model", "settings", "comments", "targets"}
    assert set(document["comments"][0]) == {
        "id", "author", "published", "reply_to", "scores", "personal_data", "targets", "hostile", "hostile_to",
        "decision", "reasons",
    }  # fmt: skip
    assert set(document["targets"][0]) == {"key", "name", "hostile_events", "alerts", "shield"}


def test_the_analysis_imports_nothing_from_django():
    code = (
        "import sys, stoa.detection.cli_analyze, stoa.detection.pileon, stoa.detection.targets; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"
