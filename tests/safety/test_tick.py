"""``stoa tick``: each periodic step alone (idempotent, one line), the lifted-shield notice, and the real command."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stoa import cli, tick
from stoa.moderation.models import AuditEvent, Notification
from stoa.safety import removals
from stoa.safety.models import RemovalRequest, Shield
from stoa.safety.shields import announce_lifted_shields, end_shield, open_shield

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what is sent after commit (the notifications) at the end of the block, as a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _shield(member, *, now, origin=Shield.Origin.ALERT, by=None, lasts=HOUR, key=None, label=None):
    return open_shield(
        key or f"member:{member.username}",
        label or member.username,
        origin=origin,
        reason="3 hostile authors in 2 hours",
        member=member,
        by=by,
        lasts=lasts,
        now=now,
    )


def _shield_notes(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=Notification.Kind.SHIELD)
        .order_by("id")
        .values_list("subject", flat=True)
    )


# The lifted-shield notice


def test_a_shield_that_ran_out_is_announced_once_to_the_member_and_moderators(make_user, moderator, clock, on_commit):
    nat = make_user("nat")
    shield = _shield(nat, now=clock.now)
    assert announce_lifted_shields(clock.now + HOUR / 2) == []  # still open
    with on_commit():
        [lifted] = announce_lifted_shields(clock.now + 2 * HOUR)
    assert lifted.pk == shield.pk
    assert _shield_notes(nat) == ["Your shield has lifted"]
    assert _shield_notes(moderator) == ["Shield for nat has lifted"]
    body = Notification.objects.get(recipient=nat).body
    assert "ran out on" in body and "stay held until they are reviewed" in body
    event = AuditEvent.objects.get(action="shield.lifted")
    assert (event.target_id, event.reasons) == (str(shield.pk), ["it ran out"])
    with on_commit():
        assert announce_lifted_shields(clock.now + 3 * HOUR) == []  # once
    assert len(_shield_notes(nat)) == 1 and AuditEvent.objects.filter(action="shield.lifted").count() == 1
    shield.refresh_from_db()
    assert shield.lifted_notice_sent_at == clock.now + 2 * HOUR


def test_a_shield_someone_ended_is_not_announced(make_user, moderator, clock, on_commit):
    shield = _shield(make_user("nat"), now=clock.now)
    end_shield(shield, by=moderator, reason="calm again", now=clock.now + HOUR / 2)
    with on_commit():
        assert announce_lifted_shields(clock.now + 2 * HOUR) == []
    assert not Notification.objects.filter(kind=Notification.Kind.SHIELD).exists()


def test_a_shield_closed_when_a_new_one_opened_is_still_announced(make_user, moderator, clock, on_commit):
    nat = make_user("nat")
    old = _shield(nat, now=clock.now)
    new = _shield(nat, now=clock.now + 2 * HOUR)  # closes the old one at its end (ended_at = ends_at)
    old.refresh_from_db()
    assert old.ended_at == old.ends_at and new.pk != old.pk
    with on_commit():
        assert [s.pk for s in announce_lifted_shields(clock.now + 2 * HOUR)] == [old.pk]


def test_a_members_own_shield_is_announced_to_them_alone(make_user, moderator, clock, on_commit):
    nat = make_user("nat")
    _shield(nat, now=clock.now, origin=Shield.Origin.SELF, by=nat, lasts=HOUR)
    with on_commit():
        assert len(announce_lifted_shields(clock.now + 2 * HOUR)) == 1
    assert _shield_notes(nat) == ["Your shield has lifted"] and _shield_notes(moderator) == []


def test_a_named_persons_shield_is_announced_to_the_moderators(moderator, clock, on_commit):
    open_shield("person:greenstein", "Mr Greenstein", origin=Shield.Origin.ALERT, reason="r", lasts=HOUR, now=clock.now)
    with on_commit():
        assert len(announce_lifted_shields(clock.now + 2 * HOUR)) == 1
    assert _shield_notes(moderator) == ["Shield for Mr Greenstein has lifted"]


def test_a_dormant_member_is_told_nothing_but_it_counts_as_announced(make_user, moderator, clock, on_commit):
    from stoa.people.services import go_dormant

    nat = make_user("nat")
    _shield(nat, now=clock.now)
    go_dormant(nat, show_comments_as_anonymous=False)
    with on_commit():
        assert len(announce_lifted_shields(clock.now + 2 * HOUR)) == 1
        assert announce_lifted_shields(clock.now + 3 * HOUR) == []
    assert _shield_notes(nat) == [] and len(_shield_notes(moderator)) == 1


# Each step alone: one line, idempotent


def _overdue_request(post, requester, now):
    return removals.file_removal_request(
        subject=post,
        requester=requester,
        requester_name="Nat",
        what=RemovalRequest.What.NAME,
        why="It names me.",
        change_asked="Remove my name.",
        now=now,
    )


def test_the_removals_step_escalates_overdue_requests_once(post, make_user, settings, clock):
    settings.CONFIG = settings.CONFIG.replace(removal_request_deadline=3600)
    filed = _overdue_request(post, make_user("nat"), clock.now)
    assert tick.escalate_overdue_removals(clock.now + HOUR / 2) == "0 overdue removal requests sent to the moderators"
    assert tick.escalate_overdue_removals(clock.now + 2 * HOUR) == "1 overdue removal request sent to the moderators"
    assert tick.escalate_overdue_removals(clock.now + 3 * HOUR) == "0 overdue removal requests sent to the moderators"
    filed.refresh_from_db()
    assert filed.state == RemovalRequest.State.ESCALATED and filed.escalated_because == "unanswered by the deadline"


def test_the_queue_step_alerts_on_a_queue_that_aged_quietly(post, comment_on, moderator, settings, clock):
    settings.CONFIG = settings.CONFIG.replace(queue_alert_size=0, queue_alert_age=3600)
    held = comment_on(post, "A first guest comment, held for review.").comment
    later = held.created_at + 2 * HOUR  # no comment was submitted since: only the tick notices
    assert tick.check_moderation_queue(later) == "pending queue past its limit: 1 moderator told"
    assert tick.check_moderation_queue(later + HOUR) == "pending queue checked: no new alert"


def test_the_mentions_step_calls_what_send_mentions_calls(db, monkeypatch, settings, clock):
    calls = []
    monkeypatch.setattr(tick, "send_due", lambda *, now: calls.append(now) or 2)
    assert tick.send_due_mentions(clock.now) == "2 mentions sent" and calls == [clock.now]
    settings.CONFIG = settings.CONFIG.replace(send_mentions=False)
    assert tick.send_due_mentions(clock.now) == "sending is off (STOA_SEND_MENTIONS=false)" and len(calls) == 1


def test_the_mentions_step_with_nothing_due(db, clock):
    assert tick.send_due_mentions(clock.now) == "0 mentions sent"


def test_the_shields_step_names_whom_it_announced(make_user, clock, on_commit):
    _shield(make_user("nat"), now=clock.now)
    with on_commit():
        assert tick.announce_lifted_shields(clock.now + 2 * HOUR) == "1 shield ran out, announced: nat"
        assert tick.announce_lifted_shields(clock.now + 3 * HOUR) == "no shield ran out since the last run"


def test_a_failing_step_does_not_stop_the_others(db, clock, caplog):
    def broken(now):
        raise RuntimeError("the mail server is down")

    steps = (tick.TickStep("first", broken), tick.TickStep("second", lambda now: f"ran at {now:%H:%M}"))
    outcomes = tick.run_tick(clock.now, steps)
    assert [outcome.failed for outcome in outcomes] == [True, False]
    assert outcomes[0].line() == "first: failed: RuntimeError: the mail server is down"
    assert outcomes[1].line() == f"second: ran at {clock.now:%H:%M}"
    assert "step first failed" in caplog.text


def test_every_step_runs_in_order(db, clock):
    names = [outcome.name for outcome in tick.run_tick(clock.now)]
    assert names == ["removals", "queue", "mentions", "shields", "webhooks"]


# The command


def test_stoa_tick_in_process_does_the_work(post, make_user, settings, clock, capsys, on_commit):
    settings.CONFIG = settings.CONFIG.replace(removal_request_deadline=1)
    _overdue_request(post, make_user("nat"), clock.now - HOUR)
    _shield(make_user("ola"), now=clock.now - 3 * HOUR)
    with on_commit():
        assert cli.main(["tick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "removals: 1 overdue removal request sent to the moderators"
    assert lines[3] == "shields: 1 shield ran out, announced: ola"
    with on_commit():
        assert cli.main(["tick"]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[0] == "removals: 0 overdue removal requests sent to the moderators"
    assert again[3] == "shields: no shield ran out since the last run"


def test_stoa_tick_exits_1_when_a_step_failed_after_running_the_others(db, monkeypatch, capsys):
    def unreachable(*, now):
        raise ConnectionError("no route to host")

    monkeypatch.setattr(tick, "send_due", unreachable)
    assert cli.main(["tick"]) == 1
    out, err = capsys.readouterr()
    assert "mentions: failed: ConnectionError: no route to host" in err
    assert [line.split(":")[0] for line in out.splitlines()] == ["removals", "queue", "shields", "webhooks"]


def test_stoa_tick_as_a_process_prints_one_line_per_step(tmp_path):
    stoa = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    result = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [stoa, "tick"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "removals: 0 overdue removal requests sent to the moderators",
        "queue: pending queue checked: no new alert",
        "mentions: 0 mentions sent",
        "shields: no shield ran out since the last run",
        "webhooks: no delivery due",
    ]
    assert (tmp_path / "var" / "stoa.sqlite3").exists()
    help_text = subprocess.run(  # noqa: S603
        [stoa, "--help"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60
    ).stdout
    assert "tick" in help_text
