"""The moderators' dashboard: the transparency charts plus what waits now and since when."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stoa.moderation.actions import reject_comment
from stoa.moderation.appeals import file_decision_appeal
from stoa.moderation.dashboard_views import queues_now
from stoa.moderation.reports import file_post_report, file_report


def test_queue_sizes_and_the_oldest_item(post, comment_on, make_user, moderator):
    now = timezone.now()
    older = comment_on(post, "Held first", now=now - dt.timedelta(hours=3)).comment
    comment_on(post, "Held second", name="Hal", email="hal@example.org", now=now - dt.timedelta(hours=1))
    writer = make_user()
    shown = comment_on(post, "Shown and reported", author=writer, now=now - dt.timedelta(minutes=30)).comment
    file_report(shown, reporter=make_user(), category="hate", now=now - dt.timedelta(minutes=20))
    file_post_report(post, reporter=make_user(), category="other", now=now - dt.timedelta(minutes=10))
    removed = comment_on(post, "Removed", author=writer, now=now - dt.timedelta(minutes=9)).comment
    reject_comment(removed, moderator=moderator, now=now - dt.timedelta(minutes=8))
    file_decision_appeal(removed.decisions.order_by("-id").first(), member=writer, text="Please", now=now)
    waiting = {queue.label: (queue.count, queue.oldest) for queue in queues_now()}
    assert waiting == {
        "Held comments": (2, older.created_at),
        "Reported comments": (1, now - dt.timedelta(minutes=20)),
        "Reported posts": (1, now - dt.timedelta(minutes=10)),
        "Appeals": (1, now),
    }


def test_the_dashboard_shows_queues_and_the_three_charts_to_moderators_only(
    client, post, comment_on, make_user, moderator
):
    comment_on(post, "Held for a while", now=timezone.now() - dt.timedelta(hours=2, minutes=5))
    client.force_login(make_user("bystander"))
    assert client.get(reverse("moderation:dashboard")).status_code == 403
    client.force_login(moderator)
    page = client.get(reverse("moderation:dashboard")).content.decode()
    assert page.count("<svg") == 3 and "Reports and appeals per month" in page
    assert "Held comments</a></th><td>1</td><td>2 hours 5 minutes</td>" in page
    assert "Appeals</a></th><td>0</td><td>—</td>" in page
    assert "Nudges in the last 30 days" in page
