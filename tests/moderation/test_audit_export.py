"""Exporting the audit log: the range of days, the JSON and CSV shapes, the CLI and the moderators' download."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from stoa.moderation.audit_export import (
    AuditRangeError,
    as_csv,
    as_json,
    events_between,
    parse_range,
)
from stoa.moderation.models import AuditEvent

STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"
UTC = dt.UTC


def _event(at: dt.datetime, action: str = "comment.submitted", **fields) -> AuditEvent:
    fields.setdefault("actor_label", "pipeline")
    fields.setdefault("target_type", "discussion.comment")
    fields.setdefault("target_id", "12")
    return AuditEvent.objects.create(at=at, action=action, **fields)


@pytest.fixture
def around_may_day(db) -> dict[str, AuditEvent]:
    """Events just outside and exactly on the edges of 2024-05-01 .. 2024-05-02 (UTC)."""
    moments = {
        "before": dt.datetime(2024, 4, 30, 23, 59, 59, 999999, tzinfo=UTC),
        "first_instant": dt.datetime(2024, 5, 1, 0, 0, tzinfo=UTC),
        "last_instant": dt.datetime(2024, 5, 2, 23, 59, 59, 999999, tzinfo=UTC),
        "after": dt.datetime(2024, 5, 3, 0, 0, tzinfo=UTC),
    }
    return {name: _event(at) for name, at in moments.items()}


def test_the_boundary_days_are_included_and_nothing_outside(around_may_day):
    chosen = events_between(dt.date(2024, 5, 1), dt.date(2024, 5, 2))
    assert list(chosen) == [around_may_day["first_instant"], around_may_day["last_instant"]]


def test_one_day_and_open_ended_ranges(around_may_day):
    assert list(events_between(dt.date(2024, 5, 1), dt.date(2024, 5, 1))) == [around_may_day["first_instant"]]
    assert list(events_between(since=dt.date(2024, 5, 2))) == [around_may_day["last_instant"], around_may_day["after"]]
    assert list(events_between(until=dt.date(2024, 4, 30))) == [around_may_day["before"]]
    assert events_between().count() == 4


def test_events_come_oldest_first_then_by_id(db):
    same_moment = dt.datetime(2024, 5, 1, 12, tzinfo=UTC)
    later = _event(same_moment + dt.timedelta(hours=1))
    first, second = _event(same_moment), _event(same_moment)
    assert list(events_between()) == [first, second, later]


def test_json_has_the_contract_fields(db, moderator):
    _event(
        dt.datetime(2024, 5, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "comment.rejected",
        actor=moderator,
        actor_label="mod",
        reasons=["personal attack", "insult 0.91 ≥ 0.80"],
        data={"status": "rejected"},
    )
    stream = io.StringIO()
    as_json(events_between(), stream)
    assert json.loads(stream.getvalue()) == [
        {
            "at": "2024-05-01T12:30:00+00:00",
            "actor": "mod",
            "action": "comment.rejected",
            "target": "discussion.comment:12",
            "reasons": ["personal attack", "insult 0.91 ≥ 0.80"],
            "data": {"status": "rejected"},
        }
    ]


def test_json_of_nothing_is_an_empty_list(db):
    stream = io.StringIO()
    as_json(events_between(), stream)
    assert json.loads(stream.getvalue()) == []


def test_csv_has_a_header_and_one_parsable_row_per_event(db):
    _event(dt.datetime(2024, 5, 1, tzinfo=UTC), reasons=['held: watched word: "lowlife"', "a, b"], data={"n": 1})
    _event(dt.datetime(2024, 5, 2, tzinfo=UTC), "comment.approved", actor_label="mod", target_id="13")
    stream = io.StringIO()
    as_csv(events_between(), stream)
    header, *rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert header == ["at", "actor", "action", "target", "reasons", "data"]
    assert rows == [
        [
            "2024-05-01T00:00:00+00:00",
            "pipeline",
            "comment.submitted",
            "discussion.comment:12",
            'held: watched word: "lowlife"; a, b',
            '{"n": 1}',
        ],
        ["2024-05-02T00:00:00+00:00", "mod", "comment.approved", "discussion.comment:13", "", "{}"],
    ]


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2024-13-01", None, "since must be a date written YYYY-MM-DD, not '2024-13-01'."),
        ("2024-02-30", None, "since must be a date written YYYY-MM-DD, not '2024-02-30'."),
        ("20240501", None, "since must be a date written YYYY-MM-DD, not '20240501'."),
        (None, "1 May 2024", "until must be a date written YYYY-MM-DD, not '1 May 2024'."),
        ("2024-05-02", "2024-05-01", "since (2024-05-02) falls after until (2024-05-01)."),
    ],
)
def test_bad_dates_are_refused_with_a_sentence(since, until, message):
    with pytest.raises(AuditRangeError) as refusal:
        parse_range(since, until)
    assert str(refusal.value) == message


def test_empty_bounds_mean_no_limit():
    assert parse_range("", None) == (None, None)
    assert parse_range("2024-05-01", "2024-05-01") == (dt.date(2024, 5, 1), dt.date(2024, 5, 1))


# The moderators' page and download


def test_the_audit_page_lists_the_latest_events_and_the_export_form(client, moderator, around_may_day):
    client.force_login(moderator)
    page = client.get(reverse("moderation:audit")).content.decode()
    assert page.count("discussion.comment:12") == 4
    assert reverse("moderation:audit_export") in page
    assert reverse("moderation:audit") in client.get(reverse("moderation:queue")).content.decode()


def test_the_export_is_a_download_for_the_range(client, moderator, around_may_day):
    client.force_login(moderator)
    response = client.get(reverse("moderation:audit_export"), {"since": "2024-05-01", "until": "2024-05-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stoa-audit-2024-05-01-2024-05-02.json"'
    assert [event["at"] for event in json.loads(response.content)] == [
        "2024-05-01T00:00:00+00:00",
        "2024-05-02T23:59:59.999999+00:00",
    ]


def test_the_export_as_csv_with_empty_dates_from_the_form(client, moderator, around_may_day):
    client.force_login(moderator)
    response = client.get(reverse("moderation:audit_export"), {"since": "", "until": "", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == 1 + 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "yesterday"}, "since must be a date written YYYY-MM-DD, not 'yesterday'."),
        ({"since": "2024-05-02", "until": "2024-05-01"}, "since (2024-05-02) falls after until (2024-05-01)."),
        ({"format": "xml"}, "format must be json or csv, not 'xml'."),
    ],
)
def test_bad_export_parameters_answer_400_with_the_reason(client, moderator, query, message):
    client.force_login(moderator)
    response = client.get(reverse("moderation:audit_export"), query)
    assert response.status_code == 400
    assert response.content.decode() == message


def test_only_moderators_see_the_audit_log(client, make_user, around_may_day):
    export = reverse("moderation:audit_export")
    assert client.get(export).status_code == 403
    assert client.get(reverse("moderation:audit")).status_code == 302  # sent to log in
    client.force_login(make_user())
    assert client.get(export).status_code == 403
    assert client.get(reverse("moderation:audit")).status_code == 403


# The command line, run as a user would


def _stoa(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    environment["STOA_DATA_DIR"] = str(cwd / "data")
    return subprocess.run([STOA, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)  # noqa: S603


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """A scratch folder whose database holds the demo content, and so the demo's audit events."""
    folder = tmp_path_factory.mktemp("audit-cli")
    loaded = _stoa(["demo"], folder)
    assert loaded.returncode == 0, loaded.stderr
    return folder


def test_cli_writes_json_and_csv_to_stdout(demo_folder):
    as_json_output = _stoa(["audit", "--format", "json"], demo_folder)
    assert as_json_output.returncode == 0, as_json_output.stderr
    events = json.loads(as_json_output.stdout)
    assert events and {"at", "actor", "action", "target", "reasons"} <= set(events[0])
    assert any(event["actor"] == "pipeline" and event["target"].startswith("discussion.comment:") for event in events)
    assert [event["at"] for event in events] == sorted(event["at"] for event in events)
    as_csv_output = _stoa(["audit", "--format", "csv"], demo_folder)
    header, *rows = list(csv.reader(io.StringIO(as_csv_output.stdout)))
    assert header == ["at", "actor", "action", "target", "reasons", "data"]
    assert len(rows) == len(events) + 1  # the JSON export above is itself in the log now
    assert rows[-1][1:4] == ["cli", "audit.exported", "audit_log:*..*"]


def test_cli_filters_by_day(demo_folder):
    long_ago = _stoa(["audit", "--until", "2000-01-01", "--format", "json"], demo_folder)
    assert long_ago.returncode == 0, long_ago.stderr
    assert json.loads(long_ago.stdout) == []
    day = json.loads(_stoa(["audit", "--format", "json"], demo_folder).stdout)[0]["at"][:10]
    that_day = json.loads(_stoa(["audit", "--since", day, "--until", day, "--format", "json"], demo_folder).stdout)
    assert that_day and {event["at"][:10] for event in that_day} == {day}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-13-01"], "stoa audit: error: --since must be a date written YYYY-MM-DD, not '2024-13-01'."),
        (["--since", "2024-05-02", "--until", "2024-05-01"], "--since (2024-05-02) falls after --until (2024-05-01)."),
        ([], "the following arguments are required: --format"),
    ],
)
def test_cli_refuses_bad_arguments_with_status_2(tmp_path, args, message):
    refused = _stoa(["audit", *args, *(["--format", "json"] if args else [])], tmp_path)
    assert refused.returncode == 2
    assert message in refused.stderr
    assert refused.stdout == ""


# Exports are audited too


def test_the_download_is_itself_audited(client, moderator, around_may_day):
    client.force_login(moderator)
    query = {"since": "2024-05-01", "until": "2024-05-02", "format": "csv"}
    response = client.get(reverse("moderation:audit_export"), query)
    assert len(list(csv.reader(io.StringIO(response.content.decode())))) == 1 + 2  # the export's own event is not in it
    event = AuditEvent.objects.get(action="audit.exported")
    assert (event.actor, event.actor_label, event.target_type, event.target_id) == (
        moderator,
        moderator.username,
        "audit_log",
        "2024-05-01..2024-05-02",
    )
    assert event.data == {"since": "2024-05-01", "until": "2024-05-02", "format": "csv", "via": "web", "complete": True}


def test_an_open_ended_download_is_audited_with_open_bounds(client, moderator, db):
    client.force_login(moderator)
    client.get(reverse("moderation:audit_export"))
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.target_id == "*..*" and (event.data["since"], event.data["until"], event.data["format"]) == (
        None,
        None,
        "json",
    )


def test_a_refused_download_is_not_audited(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("moderation:audit_export"), {"format": "xml"}).status_code == 400
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


@pytest.fixture(scope="module")
def long_log(tmp_path_factory) -> Path:
    """A database whose log is far longer than a pipe's buffer (about 1.5 MB of JSON), so ``head`` cuts it short."""
    folder = tmp_path_factory.mktemp("audit-pipe")
    seed = (
        "import datetime as dt\n"
        "from stoa.moderation.models import AuditEvent\n"
        "AuditEvent.objects.bulk_create(AuditEvent(at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC), actor_label='pipeline', "
        "action='comment.submitted', target_type='discussion.comment', target_id=str(i), reasons=['x' * 200]) "
        "for i in range(5000))\n"
    )
    for args in (["manage", "migrate", "-v", "0"], ["manage", "shell", "-c", seed]):
        done = _stoa(args, folder)
        assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize(("fmt", "first_line"), [("json", "[\n"), ("csv", "at,actor,action,target,reasons,data\n")])
def test_cli_piped_into_head_stops_quietly_and_audits_a_partial_export(long_log, fmt, first_line):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    environment["STOA_DATA_DIR"] = str(long_log / "data")
    piped = subprocess.run(  # noqa: S603 - fixed command line
        ["/bin/bash", "-o", "pipefail", "-c", f"'{STOA}' audit --format {fmt} | head -1"],
        cwd=long_log,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr  # pipefail: stoa itself exited 0, not only head
    assert piped.stdout == first_line
    assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr and piped.stderr == ""
    today = dt.datetime.now(UTC).date().isoformat()
    exports = [
        event
        for event in json.loads(_stoa(["audit", "--since", today, "--format", "json"], long_log).stdout)
        if event["action"] == "audit.exported" and event["data"]["format"] == fmt
    ]
    assert exports and exports[0]["actor"] == "cli" and exports[0]["data"]["complete"] is False
