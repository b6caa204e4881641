"""Reports of posts: filing with a receipt, the moderators' list, uphold and dismiss, and what each side sees."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.urls import reverse

from stoa.blog.models import PostStatus
from stoa.moderation.models import AuditEvent, Notification, Report
from stoa.moderation.reports import (
    IllegalReportTransition,
    ReportRefused,
    change_report_status,
    dismiss_post_reports,
    file_post_report,
    file_report,
    is_post_reported,
    reported_posts,
    reporter_weight,
    start_review,
    uphold_post_reports,
)
from stoa.people.roles import Role

State = Report.State


@pytest.fixture
def reader(make_user):
    return make_user("rhea")


@pytest.fixture
def moderator(make_user):
    return make_user("quillon", role=Role.MODERATOR)


def test_a_reader_reports_a_post_and_gets_a_receipt(client, post, reader):
    client.force_login(reader)
    url = reverse("moderation:report_post", args=[post.pk])
    form = client.get(url).content.decode()
    assert "What is wrong with this post?" in form and post.title in form
    response = client.post(url, {"category": "personal_info", "text": "It prints my address."})
    report = Report.objects.get()
    assert response.url == reverse("moderation:receipt", args=[report.receipt])
    assert (report.post, report.comment, report.reporter, report.status) == (post, None, reader, State.RECEIVED)
    [event] = AuditEvent.objects.filter(action="report.received")
    assert event.data == {"post": post.pk, "category": "personal_info", "weight": 1.0}
    receipt = client.get(response.url).content.decode()
    assert "A post: Personal information" in receipt and "Received" in receipt


def test_a_second_open_report_and_unpublished_posts_are_refused(client, post, make_post, reader):
    file_post_report(post, reporter=reader, category="spam")
    with pytest.raises(ReportRefused, match="already reported this post"):
        file_post_report(post, reporter=reader, category="hate")
    draft = make_post("Unfinished", status=PostStatus.DRAFT)
    with pytest.raises(ReportRefused, match="not published"):
        file_post_report(draft, reporter=reader, category="spam")
    client.force_login(reader)
    assert client.get(reverse("moderation:report_post", args=[draft.pk])).status_code == 404


def test_guests_log_in_to_report_and_every_post_shows_the_link(client, post):
    assert client.get(reverse("moderation:report_post", args=[post.pk])).status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert reverse("moderation:report_post", args=[post.pk]) in page and "Report this post" in page


def test_a_report_is_of_a_comment_or_a_post_never_both(post, comment_on, reader):
    comment = comment_on(post, "A published remark", author=reader).comment
    with pytest.raises(IntegrityError):
        Report.objects.create(
            receipt="R-2222-3333",
            comment=comment,
            post=post,
            reporter=reader,
            category="spam",
            weight=1,
            created_at=comment.created_at,
        )


def test_reports_never_hide_a_post(post, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=1.0)
    for n in range(3):
        file_post_report(post, reporter=make_user(f"r{n}"), category="hate")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_the_queue_lists_reported_posts_heaviest_first_for_moderators_only(client, make_post, make_user, moderator):
    light, heavy, quiet = make_post("Light"), make_post("Heavy"), make_post("Quiet")
    file_post_report(light, reporter=make_user(), category="spam", text="Looks like an ad")
    for _ in range(2):
        file_post_report(heavy, reporter=make_user(), category="hate")
    assert [p.title for p in reported_posts()] == ["Heavy", "Light"]
    assert is_post_reported(heavy) and not is_post_reported(quiet)
    assert {p.pk for p in reported_posts()} == {p.pk for p in (light, heavy, quiet) if is_post_reported(p)}
    client.force_login(make_user("bystander"))
    assert client.get(reverse("moderation:reported_posts")).status_code == 403
    client.force_login(moderator)
    page = client.get(reverse("moderation:reported_posts")).content.decode()
    assert page.index("Heavy") < page.index("Light") and "Looks like an ad" in page
    assert "Reported posts (2)" in client.get(reverse("moderation:reported")).content.decode()


def test_upholding_marks_action_taken_with_the_reason_and_leaves_the_post_to_its_editors(
    client, post, reader, moderator
):
    report = file_post_report(post, reporter=reader, category="personal_info")
    start_review(report, moderator=moderator)
    client.force_login(moderator)
    url = reverse("moderation:decide_post_reports", args=[post.pk, "uphold"])
    done = client.post(url, {"reason": "Editor removed the address"}, follow=True).content.decode()
    assert "Reports on the post upheld (action taken)." in done
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (State.ACTION_TAKEN, moderator)
    [event] = AuditEvent.objects.filter(action="report.action_taken")
    assert event.reasons == ["Editor removed the address"]
    assert list(reported_posts()) == []
    assert reporter_weight(reader) == pytest.approx(1 + 1 / 3)
    again = client.post(url, follow=True).content.decode()
    assert "no open reports any more" in again


def test_dismissing_marks_no_action_and_the_reporter_sees_only_the_status(client, post, reader, moderator):
    report = file_post_report(post, reporter=reader, category="other")
    dismiss_post_reports(post, moderator=moderator)
    report.refresh_from_db()
    assert report.status == State.NO_ACTION
    client.force_login(reader)
    receipt = client.get(reverse("moderation:receipt", args=[report.receipt])).content.decode()
    assert "No action" in receipt and "quillon" not in receipt


def test_post_report_decisions_need_the_permission_and_follow_the_transitions(post, reader, moderator):
    report = file_post_report(post, reporter=reader, category="spam")
    with pytest.raises(PermissionDenied, match="Only moderators"):
        uphold_post_reports(post, moderator=reader)
    dismiss_post_reports(post, moderator=moderator)
    with pytest.raises(IllegalReportTransition):
        change_report_status(report, State.ACTION_TAKEN, moderator=moderator)


def test_the_reporter_is_notified_of_each_status_of_a_post_report(
    post, reader, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = file_post_report(post, reporter=reader, category="hate")
        uphold_post_reports(post, moderator=moderator, reason="Edited")
    bodies = list(Notification.objects.filter(recipient=reader).order_by("id").values_list("body", flat=True))
    assert len(bodies) == 2 and all(f"of a post on “{post.title}”" in body for body in bodies)
    assert "Moderators acted on your report" in bodies[1] and report.receipt in bodies[1]


def test_comment_reports_still_work_alongside(post, comment_on, reader, make_user):
    comment = comment_on(post, "A published remark", author=make_user()).comment
    report = file_report(comment, reporter=reader, category="spam")
    assert (report.comment, report.post) == (comment, None)
    assert AuditEvent.objects.get(action="report.received").data["comment"] == comment.pk
