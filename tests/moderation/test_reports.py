"""Readers' reports: filing with a receipt, reporter weight, hiding at the threshold, and moderators' decisions."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Report
from stoa.moderation.queue import is_reported, reported_comments
from stoa.moderation.reports import (
    IllegalReportTransition,
    ReportRefused,
    change_report_status,
    dismiss_reports,
    file_report,
    new_receipt,
    reporter_weight,
    start_review,
    uphold_reports,
)
from stoa.people.roles import Role

State = Report.State


@pytest.fixture
def published(post, comment_on, make_user):
    return comment_on(post, "A published remark", author=make_user()).comment


def report(comment, reporter, category="harassment"):
    return file_report(comment, reporter=reporter, category=category)


def test_receipts_are_human_friendly_and_distinct():
    receipts = {new_receipt() for _ in range(200)}
    assert len(receipts) == 200
    assert all(len(r) == 11 and r[:2] == "R-" and r[6] == "-" and not set(r) & set("01ILOU") for r in receipts)


def test_the_form_explains_what_is_missing_or_too_long(client, published, make_user):
    client.force_login(make_user())
    url = reverse("moderation:report_comment", args=[published.pk])
    assert "Harassment or bullying" in client.get(url).content.decode()
    empty = client.post(url, {"text": "x"}).content.decode()
    assert "Choose what kind of problem this is." in empty
    long = client.post(url, {"category": "hate", "text": "x" * 2001}).content.decode()
    assert "Keep it to 2000 characters (it has 2001)." in long
    wrong = client.post(url, {"category": "rude"}).content.decode()
    assert "Choose one of the listed kinds of problem." in wrong
    assert not Report.objects.exists()


def test_a_report_gives_a_receipt_and_is_audited(client, published, make_user):
    reader = make_user()
    client.force_login(reader)
    response = client.post(reverse("moderation:report_comment", args=[published.pk]), {"category": "threat"})
    filed = Report.objects.get()
    assert response.url == reverse("moderation:receipt", args=[filed.receipt])
    assert (filed.reporter, filed.status, filed.weight) == (reader, State.RECEIVED, 1.0)
    assert AuditEvent.objects.filter(action="report.received", target_id=str(filed.pk)).count() == 1


def test_a_second_open_report_by_the_same_reader_is_refused_kindly(client, published, make_user):
    client.force_login(make_user())
    url = reverse("moderation:report_comment", args=[published.pk])
    client.post(url, {"category": "spam"})
    again = client.post(url, {"category": "hate"}).content.decode()
    assert "You have already reported this comment, thank you" in again
    assert Report.objects.count() == 1


def test_guests_must_log_in_to_report(client, published):
    response = client.get(reverse("moderation:report_comment", args=[published.pk]))
    assert response.status_code == 302


def test_comments_show_a_report_link(client, post, published):
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/moderation/report/comment/{published.pk}/"' in page


def test_the_receipt_shows_the_status_but_not_the_moderator(client, published, make_user):
    moderator = make_user("maxine_moderator", role=Role.MODERATOR)
    filed = report(published, make_user())
    assert "Received" in client.get(reverse("moderation:receipt", args=[filed.receipt])).content.decode()
    uphold_reports(published, moderator=moderator)
    page = client.get(reverse("moderation:receipt", args=[filed.receipt.lower()])).content.decode()
    assert "Action taken" in page
    assert moderator.get_username() not in page
    assert client.get(reverse("moderation:receipt", args=["R-XXXX-XXXX"])).status_code == 404


def test_weight_grows_with_upheld_reports(post, comment_on, make_user, moderator):
    reader = make_user()
    assert reporter_weight(reader) == 1.0
    for n in range(2):
        target = comment_on(post, f"remark {n}", author=make_user()).comment
        report(target, reader)
        uphold_reports(target, moderator=moderator)
    assert reporter_weight(reader) == 1 + 2 / 4
    dismissed = comment_on(post, "fine remark", author=make_user()).comment
    report(dismissed, reader)
    dismiss_reports(dismissed, moderator=moderator)
    assert reporter_weight(reader) == 1 + 2 / 5


def test_reports_reaching_the_threshold_hide_the_comment(published, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=3.0)
    report(published, make_user())
    report(published, make_user())
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    report(published, make_user())
    published.refresh_from_db()
    assert published.status == Status.HELD
    hidden = AuditEvent.objects.get(action="comment.hidden_by_reports")
    assert (hidden.reasons, hidden.actor_label) == (["hidden after reports"], "pipeline")


def test_reports_of_a_held_comment_reaching_the_threshold_are_kept_and_hide_nothing(
    post, comment_on, make_user, settings
):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=1.0)
    held = comment_on(post, "A guest's first comment waits.").comment  # held: a guest's first comment
    assert held.status == Status.HELD
    filed = file_report(held, reporter=make_user(), category="threat", held_too=True)
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert Report.objects.get().pk == filed.pk
    assert not AuditEvent.objects.filter(action="comment.hidden_by_reports").exists()


def test_an_accurate_reporter_hides_a_comment_sooner(post, comment_on, make_user, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=2.5)
    trusted, newcomer = make_user(), make_user()
    for n in range(6):
        target = comment_on(post, f"bad remark {n}", author=make_user()).comment
        report(target, trusted)
        uphold_reports(target, moderator=moderator)
    fresh = comment_on(post, "another", author=make_user()).comment
    report(fresh, trusted)
    report(fresh, newcomer)
    fresh.refresh_from_db()
    assert fresh.status == Status.HELD  # 1.75 + 1.0 >= 2.5; two newcomers (2.0) would not


def test_uphold_rejects_the_comment_and_closes_its_reports(published, make_user, moderator):
    filed = report(published, make_user())
    uphold_reports(published, moderator=moderator)
    published.refresh_from_db()
    filed.refresh_from_db()
    assert published.status == Status.REJECTED
    assert (filed.status, filed.decided_by) == (State.ACTION_TAKEN, moderator)
    assert AuditEvent.objects.filter(action="report.action_taken", actor=moderator).count() == 1


def test_dismiss_publishes_a_comment_the_reports_hid(published, make_user, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=1.0)
    filed = report(published, make_user())
    published.refresh_from_db()
    assert published.status == Status.HELD
    dismiss_reports(published, moderator=moderator)
    published.refresh_from_db()
    filed.refresh_from_db()
    assert (published.status, filed.status) == (Status.PUBLISHED, State.NO_ACTION)
    assert AuditEvent.objects.filter(action="comment.approved", reasons=["reports dismissed"]).count() == 1


def test_illegal_report_transitions_are_refused(published, make_user, moderator):
    filed = start_review(report(published, make_user()), moderator=moderator)
    assert filed.status == State.UNDER_REVIEW
    with pytest.raises(IllegalReportTransition):
        change_report_status(filed, State.RECEIVED, moderator=moderator)
    closed = change_report_status(filed, State.NO_ACTION, moderator=moderator)
    with pytest.raises(IllegalReportTransition, match="no_action cannot be marked action_taken"):
        change_report_status(closed, State.ACTION_TAKEN, moderator=moderator)


def test_hidden_or_removed_comments_cannot_be_reported(published, make_user, moderator):
    report(published, make_user())
    uphold_reports(published, moderator=moderator)
    published.refresh_from_db()
    with pytest.raises(ReportRefused):
        report(published, make_user())


def test_members_cannot_decide_or_see_reports(client, published, make_user):
    member = make_user()
    report(published, member)
    with pytest.raises(PermissionDenied):
        uphold_reports(published, moderator=member)
    client.force_login(member)
    assert client.get(reverse("moderation:reported")).status_code == 403
    decide = reverse("moderation:decide_reports", args=[published.pk, "dismiss"])
    assert client.post(decide).status_code == 403


def test_moderators_see_reporters_weights_and_decide_from_the_page(client, published, make_user, moderator):
    reporter = make_user("reporter_rita")
    report(published, reporter, category="personal_info")
    client.force_login(moderator)
    page = client.get(reverse("moderation:reported")).content.decode()
    assert "reporter_rita" in page and "Personal information" in page and "1 report, weight 1.00" in page
    client.post(reverse("moderation:decide_reports", args=[published.pk, "uphold"]))
    published.refresh_from_db()
    assert published.status == Status.REJECTED


def test_reported_predicate_and_query_agree(post, comment_on, make_user, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=1.0)
    open_one, hidden, decided = (comment_on(post, f"c{n}", author=make_user()).comment for n in range(3))
    comment_on(post, "never reported", author=make_user())
    comment_on(post, "held guest comment")
    report(open_one, make_user())
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=0.5)
    report(hidden, make_user())
    report(decided, make_user())
    dismiss_reports(decided, moderator=moderator)
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=10.0)
    everything = list(Comment.objects.prefetch_related("reports"))
    expected = {c.pk for c in everything if is_reported(c)}
    assert expected == set(reported_comments().values_list("pk", flat=True))
    assert len(expected) == 2


def test_upholding_reports_another_moderator_dismissed_is_refused_and_the_comment_stays(
    client, published, make_user, moderator
):
    report(published, make_user())
    dismiss_reports(published, moderator=make_user(role=Role.MODERATOR))
    with pytest.raises(IllegalReportTransition, match="no open reports any more: another moderator decided them"):
        uphold_reports(published, moderator=moderator)
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    client.force_login(moderator)
    response = client.post(reverse("moderation:decide_reports", args=[published.pk, "uphold"]), follow=True)
    assert "no open reports any more: another moderator decided them" in response.content.decode()
    assert Comment.objects.get(pk=published.pk).status == Status.PUBLISHED


def test_deciding_from_the_reported_queue_returns_to_that_queue(
    client, post, comment_on, published, make_user, moderator
):
    second = comment_on(post, "Another remark", author=make_user()).comment
    for comment in (published, second):
        report(comment, make_user())
    client.force_login(moderator)
    back = "?queue=reported&sort=newest"
    response = client.post(reverse("moderation:decide_reports", args=[published.pk, "dismiss"]), {"back": back})
    assert response.url == reverse("moderation:queue") + "?queue=reported&sort=newest"
    response = client.post(reverse("moderation:decide_reports", args=[second.pk, "dismiss"]))
    assert response.url == reverse("moderation:reported")  # the reported comments' own page sends no back


def test_start_review_marks_the_reports_under_review_and_tells_each_reporter(
    client, published, make_user, moderator, django_capture_on_commit_callbacks
):
    from stoa.moderation.models import Notification

    first, second = make_user(), make_user()
    report(published, first)
    report(published, second)
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue") + "?queue=reported").content.decode()
    review = reverse("moderation:decide_reports", args=[published.pk, "review"])
    assert f'action="{review}"' in page and "Start review" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review, {"back": "?queue=reported"})
    assert response.url == reverse("moderation:queue") + "?queue=reported"
    assert set(Report.objects.values_list("status", flat=True)) == {State.UNDER_REVIEW}
    told = Notification.objects.filter(kind=Notification.Kind.REPORT_STATUS, recipient__in=[first, second])
    assert sorted(told.values_list("subject", flat=True)) == sorted(
        f"Your report {r.receipt}: under review" for r in Report.objects.all()
    )
    page = client.get(reverse("moderation:queue") + "?queue=reported").content.decode()
    assert f'action="{review}"' not in page and "under review" in page
    assert Comment.objects.get(pk=published.pk).status == Status.PUBLISHED
    receipt = reverse("moderation:receipt", args=[Report.objects.first().receipt])
    assert "Under review" in client.get(receipt).content.decode()
