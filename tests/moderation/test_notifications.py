"""Notifications: each kind lands in the inbox and the outbox only after the transaction commits; guests get none;
queue alerts once per crossing; the inbox page, its unread count and the email switch."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from stoa.moderation.actions import (
    approve_comment,
    ban_author,
    lift_sanction,
    reject_comment,
    suspend_author,
    warn_author,
)
from stoa.moderation.appeals import deny_appeal, file_decision_appeal, file_sanction_appeal, uphold_appeal
from stoa.moderation.decisions import Status
from stoa.moderation.models import Notification, QueueAlert, WordRule
from stoa.moderation.notifications import set_email_wanted, unread_count
from stoa.moderation.notifications_queue import ALERT_INTERVAL, check_pending_queue
from stoa.moderation.reports import file_report, start_review, uphold_reports
from stoa.people.roles import Role

Kind = Notification.Kind


@pytest.fixture
def member(make_user):
    return make_user("mia")


@pytest.fixture
def moderator(make_user):
    """A moderator whose name cannot turn up by accident in a message ("mod" is in "moderator")."""
    return make_user("quillon", role=Role.MODERATOR)


@pytest.fixture
def watched(db):
    """A watched word, so a member's comment containing it is held."""
    return WordRule.objects.create(phrase="kumquat", action=WordRule.Action.WATCH)


def held_comment(post, comment_on, author, text="A kumquat of a remark"):
    comment = comment_on(post, text, author=author).comment
    assert comment.status == Status.HELD
    return comment


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def test_a_held_member_comment_is_told_in_the_inbox_and_by_email_after_commit(
    post, comment_on, member, watched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = held_comment(post, comment_on, member)
    note = Notification.objects.get(recipient=member)
    assert (note.kind, note.subject, note.read_at) == (Kind.COMMENT_HELD, "Your comment is waiting for review", None)
    assert "A kumquat of a remark" in note.body and "kumquat'" not in note.body  # no reasons or spans
    assert note.link == comment.get_absolute_url()
    [email] = mail.outbox
    assert email.to == ["mia@example.org"] and "Your comment is waiting for review" in email.subject
    assert "http://127.0.0.1:8000/" in email.body


def test_nothing_is_sent_before_the_commit(post, comment_on, member, watched, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        held_comment(post, comment_on, member)
    assert callbacks and not Notification.objects.exists() and mail.outbox == []


def test_a_rolled_back_change_tells_nobody(
    post, comment_on, member, watched, moderator, django_capture_on_commit_callbacks
):
    comment = held_comment(post, comment_on, member)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        approve_comment(comment, moderator=moderator)
        raise RuntimeError("something later in the same transaction failed")
    assert not Notification.objects.exists() and mail.outbox == []


def test_guests_get_nothing(post, comment_on, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        guest = comment_on(post, "A guest's first words").comment
        approve_comment(guest, moderator=moderator)
    assert guest.status == Status.HELD
    assert not Notification.objects.exists() and mail.outbox == []


def test_approval_and_removal_are_told_with_the_reason_the_comment_and_how_to_appeal(
    post, comment_on, member, watched, moderator, django_capture_on_commit_callbacks
):
    first = held_comment(post, comment_on, member, "A kumquat remark to approve")
    second = held_comment(post, comment_on, member, "A kumquat remark to remove")
    with django_capture_on_commit_callbacks(execute=True):
        approve_comment(first, moderator=moderator)
        reject_comment(second, moderator=moderator, reason="Rule 2: no personal attacks")
    approved, removed = Notification.objects.filter(recipient=member).order_by("id")
    assert (approved.kind, approved.subject) == (Kind.COMMENT_APPROVED, "Your comment is published")
    assert removed.kind == Kind.COMMENT_REJECTED
    assert "Rule 2: no personal attacks" in removed.body and "A kumquat remark to remove" in removed.body
    decision = second.decisions.order_by("-id").first()
    assert removed.link == reverse("moderation:appeal_decision", args=[decision.pk])
    assert "you can appeal until" in removed.body and "A moderator other than the one who decided" in removed.body
    assert [m.subject for m in mail.outbox] == ["[Stoa] Your comment is published", "[Stoa] Your comment was removed"]


def test_a_removal_by_the_automatic_checks_is_told_without_its_reasons(
    post, comment_on, member, django_capture_on_commit_callbacks
):
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_on(post, "Buy cheap pills", author=member).comment
    [note] = Notification.objects.filter(recipient=member)
    assert note.kind == Kind.COMMENT_REJECTED and "Why: It did not pass the site's automatic checks." in note.body
    assert "banned word" not in note.body
    assert note.link == reverse("moderation:appeal_decision", args=[comment.decisions.get().pk])


def test_the_reporter_hears_each_status_and_the_author_never_who_reported(
    post, comment_on, member, make_user, moderator, django_capture_on_commit_callbacks
):
    reporter = make_user("rhea", display_name="Rhea Reporter")
    comment = comment_on(post, "A published remark", author=member).comment
    with django_capture_on_commit_callbacks(execute=True):
        report = file_report(comment, reporter=reporter, category="harassment")
        start_review(report, moderator=moderator)
        uphold_reports(comment, moderator=moderator, reason="Rule 1: be civil")
    told = Notification.objects.filter(recipient=reporter).order_by("id")
    assert [n.subject for n in told] == [
        f"Your report {report.receipt}: received",
        f"Your report {report.receipt}: under review",
        f"Your report {report.receipt}: action taken",
    ]
    assert all(n.link == reverse("moderation:receipt", args=[report.receipt]) for n in told)
    assert all(moderator.username not in n.body for n in told)
    [author_note] = Notification.objects.filter(recipient=member)
    assert author_note.kind == Kind.COMMENT_REJECTED and "Rule 1: be civil" in author_note.body
    assert "rhea" not in author_note.body.lower() and "Rhea" not in author_note.body


def test_a_comment_hidden_by_reports_tells_its_author_without_naming_anyone(
    post, comment_on, member, make_user, settings, django_capture_on_commit_callbacks
):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=1.0)
    comment = comment_on(post, "A published remark", author=member).comment
    with django_capture_on_commit_callbacks(execute=True):
        file_report(comment, reporter=make_user("ravi"), category="hate")
    [note] = Notification.objects.filter(recipient=member)
    assert note.kind == Kind.COMMENT_HELD and note.subject == "Your comment is hidden until a moderator reviews it"
    assert "ravi" not in note.body


def test_a_sanction_says_what_rule_which_comment_and_how_to_appeal(
    post, comment_on, member, moderator, django_capture_on_commit_callbacks
):
    comment = comment_on(post, "The remark that started it", author=member).comment
    with django_capture_on_commit_callbacks(execute=True):
        sanction = suspend_author(
            member, moderator=moderator, period="7d", reason="Rule 3: no threats", comment=comment
        )
    [note] = Notification.objects.filter(recipient=member)
    assert note.kind == Kind.SANCTION and note.subject.startswith("You are suspended until ")
    assert "Rule 3: no threats" in note.body and "The remark that started it" in note.body
    assert note.link == reverse("moderation:appeal_sanction", args=[sanction.pk])
    assert "you can appeal until" in note.body
    [email] = mail.outbox
    assert (
        "Rule 3: no threats" in email.body and reverse("moderation:appeal_sanction", args=[sanction.pk]) in email.body
    )


def test_lifting_a_sanction_is_told(member, moderator, make_user, django_capture_on_commit_callbacks):
    ban = ban_author(member, moderator=moderator, reason="spam run")
    with django_capture_on_commit_callbacks(execute=True):
        lift_sanction(ban, moderator=make_user("other_mod", role=Role.MODERATOR), reason="apologised")
    [note] = Notification.objects.filter(recipient=member)
    assert (note.kind, note.subject) == (Kind.SANCTION_LIFTED, "Your ban has been lifted")


def test_an_appeal_decision_is_told_to_the_appellant(
    post, comment_on, member, watched, moderator, make_user, django_capture_on_commit_callbacks
):
    comment = held_comment(post, comment_on, member)
    reject_comment(comment, moderator=moderator, reason="off topic")
    appeal = file_decision_appeal(comment.decisions.order_by("-id").first(), member=member, text="It was on topic.")
    with django_capture_on_commit_callbacks(execute=True):
        deny_appeal(appeal, moderator=make_user("second", role=Role.MODERATOR), reason="Still off topic.")
    [note] = Notification.objects.filter(recipient=member)
    assert (note.kind, note.subject) == (Kind.APPEAL_DECIDED, "Your appeal was denied")
    assert "Still off topic." in note.body and "second" not in note.body
    assert note.link == reverse("moderation:appeal", args=[appeal.pk])


def test_a_new_appeal_is_told_to_the_moderators_who_may_decide_it(
    post, comment_on, member, watched, moderator, make_user, django_capture_on_commit_callbacks
):
    other = make_user("second", role=Role.MODERATOR)
    editor = make_user("eddie", role=Role.EDITOR)
    comment = held_comment(post, comment_on, member)
    reject_comment(comment, moderator=moderator, reason="off topic")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = file_decision_appeal(comment.decisions.order_by("-id").first(), member=member, text="On topic.")
    assert kinds(other) == [Kind.APPEAL_FILED] and kinds(editor) == [Kind.APPEAL_FILED]
    assert kinds(moderator) == [] and Kind.APPEAL_FILED not in kinds(member)  # the decider, the appellant
    note = Notification.objects.get(recipient=other)
    assert note.subject == "An appeal is waiting for a moderator"
    assert "removal of a comment on" in note.body and note.link == reverse("moderation:appeal", args=[appeal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        warning = warn_author(member, moderator=other, reason="Tone")
        file_sanction_appeal(warning, member=member, text="I was polite.")
    assert kinds(moderator) == [Kind.APPEAL_FILED] and kinds(other) == [Kind.APPEAL_FILED]
    assert "appealed a warning" in Notification.objects.get(recipient=moderator).body


@pytest.mark.parametrize(("measure", "says"), [("warning", "the warning is withdrawn."), ("ban", "the ban is lifted.")])
def test_an_upheld_sanction_appeal_says_what_was_reversed(
    member, moderator, make_user, measure, says, django_capture_on_commit_callbacks
):
    take = warn_author if measure == "warning" else ban_author
    appeal = file_sanction_appeal(take(member, moderator=moderator, reason="r"), member=member, text="Please.")
    with django_capture_on_commit_callbacks(execute=True):
        uphold_appeal(appeal, moderator=make_user("second", role=Role.MODERATOR))
    note = Notification.objects.get(recipient=member, kind=Kind.APPEAL_DECIDED)
    assert note.subject == "Your appeal was upheld" and note.body.endswith(says)


def test_email_can_be_turned_off_but_the_inbox_still_gets_everything(
    post, comment_on, member, watched, django_capture_on_commit_callbacks
):
    set_email_wanted(member, False)
    with django_capture_on_commit_callbacks(execute=True):
        held_comment(post, comment_on, member)
    assert kinds(member) == [Kind.COMMENT_HELD] and mail.outbox == []


# Queue alerts


@pytest.fixture
def small_queue(settings):
    settings.CONFIG = settings.CONFIG.replace(queue_alert_size=2, queue_alert_age=0)


def guest_comment(post, comment_on, n):
    return comment_on(post, f"Guest words {n}", name=f"Guest {n}", email=f"g{n}@example.org").comment


def test_moderators_are_told_once_when_the_queue_passes_its_size(
    post, comment_on, moderator, make_user, small_queue, django_capture_on_commit_callbacks
):
    editor = make_user("eddie", role=Role.EDITOR)
    reader = make_user("reader")
    told = []
    for n in (1, 2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            guest_comment(post, comment_on, n)
        told.append(Notification.objects.filter(recipient=moderator).count())
    assert told == [0, 1, 1]
    assert kinds(moderator) == [Kind.QUEUE_ALERT] and kinds(editor) == [Kind.QUEUE_ALERT] and kinds(reader) == []
    note = Notification.objects.get(recipient=moderator)
    assert "2 comments are waiting for review (the alert is set at 2)." in note.body
    assert note.link == reverse("moderation:queue")


def test_a_new_crossing_alerts_again_but_not_within_the_hour(post, comment_on, moderator, small_queue, clock):
    comments = [guest_comment(post, comment_on, n) for n in range(2)]
    start = clock.now
    assert len(check_pending_queue(start)) == 1
    approve_comment(comments[0], moderator=moderator)
    assert check_pending_queue(start + dt.timedelta(minutes=5)) == []  # back under: cleared
    assert not QueueAlert.objects.get(kind="size").raised
    guest_comment(post, comment_on, 9)
    assert check_pending_queue(start + dt.timedelta(minutes=10)) == []  # crossed again, but within the hour
    assert len(check_pending_queue(start + ALERT_INTERVAL)) == 1  # still over an hour later: told again
    assert check_pending_queue(start + ALERT_INTERVAL * 3) == []  # same crossing: once only
    assert kinds(moderator) == [Kind.QUEUE_ALERT, Kind.QUEUE_ALERT]


def test_only_a_held_comment_checks_the_queue_and_a_check_with_nothing_to_flip_writes_nothing(
    post, comment_on, make_user, small_queue, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stoa.moderation import tasks

    checks = []

    class CountedCheck:
        def enqueue(self) -> None:
            checks.append(1)

    monkeypatch.setattr(tasks, "check_pending_queue", CountedCheck())
    with django_capture_on_commit_callbacks(execute=True):
        comment_on(post, "A published remark.", author=make_user())
    assert checks == []  # a published comment changes nothing in the pending queue
    with django_capture_on_commit_callbacks(execute=True):
        guest_comment(post, comment_on, 1)
    assert checks == [1]
    with CaptureQueriesContext(connection) as captured:
        assert check_pending_queue(dt.datetime.now(dt.UTC)) == []  # one held comment: under the limit of 2
    alert_queries = [q["sql"] for q in captured if "queuealert" in q["sql"].lower()]
    assert alert_queries and all(sql.lstrip().upper().startswith("SELECT") for sql in alert_queries)
    assert not any("SAVEPOINT" in q["sql"].upper() for q in captured)  # no transaction opened to lock a row
    assert not QueueAlert.objects.exists()


def test_moderators_are_told_when_the_oldest_comment_waits_too_long(post, comment_on, moderator, settings, clock):
    settings.CONFIG = settings.CONFIG.replace(queue_alert_size=0, queue_alert_age=3600)
    comment = guest_comment(post, comment_on, 1)
    assert check_pending_queue(comment.created_at + dt.timedelta(minutes=59)) == []
    [note] = check_pending_queue(comment.created_at + dt.timedelta(hours=26))
    assert note.recipient == moderator
    assert note.body == "The oldest has waited 1 day 2 hours (the alert is set at 1 hour)."


def test_alerts_switched_off_send_nothing(post, comment_on, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(queue_alert_size=0, queue_alert_age=0)
    comment = guest_comment(post, comment_on, 1)
    assert check_pending_queue(comment.created_at + dt.timedelta(days=30)) == []


# The inbox


def test_the_inbox_lists_notifications_and_the_header_counts_unread(
    client, post, comment_on, member, watched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held_comment(post, comment_on, member)
    client.force_login(member)
    page = client.get(reverse("inbox:list")).content.decode()
    assert "Your comment is waiting for review" in page and "(1 unread)" in page
    note = Notification.objects.get()
    response = client.get(reverse("inbox:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == note.link
    note.refresh_from_db()
    assert note.read_at is not None and unread_count(member) == 0
    assert "unread)" not in client.get(reverse("inbox:list")).content.decode()


def test_mark_all_read_and_no_peeking_at_others(client, member, make_user):
    other = make_user("otto")
    for user in (member, other):
        Notification.objects.create(
            recipient=user, kind=Kind.SANCTION, subject="s", body="b", created_at=dt.datetime.now(dt.UTC)
        )
    client.force_login(member)
    assert client.get(reverse("inbox:open", args=[Notification.objects.get(recipient=other).pk])).status_code == 404
    client.post(reverse("inbox:read_all"))
    assert unread_count(member) == 0 and unread_count(other) == 1


def test_the_email_switch(client, post, comment_on, member, watched, django_capture_on_commit_callbacks):
    client.force_login(member)
    assert "Stop emailing me" in client.get(reverse("inbox:list")).content.decode()
    client.post(reverse("inbox:email"), {"email": "off"})
    assert "Email me too" in client.get(reverse("inbox:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        held_comment(post, comment_on, member)
    assert mail.outbox == [] and unread_count(member) == 1
    client.post(reverse("inbox:email"), {"email": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        held_comment(post, comment_on, member, "Another kumquat")
    assert len(mail.outbox) == 1


def test_the_inbox_needs_an_account(client):
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 302 and "/login/" in response.url
