"""The moderation queue page and its buttons."""

from django.urls import reverse

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent
from stoa.moderation.queue import earlier_comments, is_pending, pending_comments


def test_queue_lists_held_comments_newest_first_with_reasons_post_and_history(client, post, comment_on, moderator):
    older = comment_on(post, "First guest comment", name="Ann", email="ann@example.org").comment
    newer = comment_on(post, "Second guest comment", name="Bob", email="bob@example.org").comment
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert page.index("Second guest comment") < page.index("First guest comment")
    assert "first comment from this guest (no earlier approved comment)" in page
    assert post.get_absolute_url() in page
    assert "2 comments awaiting review" in page
    assert [c.pk for c in pending_comments()] == [newer.pk, older.pk]


def test_queue_shows_the_authors_earlier_comments(client, post, comment_on, moderator):
    first = comment_on(post, "An older remark from Ann", name="Ann", email="ann@example.org").comment
    second = comment_on(post, "A newer remark from Ann", name="Ann", email="ann@example.org").comment
    assert earlier_comments(second) == [first]
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "Earlier comments by this author (1)" in page


def test_pending_predicate_and_query_agree(post, comment_on, make_user, moderator):
    comment_on(post, "held one")
    comment_on(post, "published one", author=make_user())
    everything = list(Comment.objects.all())
    assert {c.pk for c in everything if is_pending(c)} == set(pending_comments().values_list("pk", flat=True))


def test_members_are_refused_and_guests_sent_to_log_in(client, make_user):
    assert client.get(reverse("moderation:queue")).status_code == 302
    client.force_login(make_user())
    assert client.get(reverse("moderation:queue")).status_code == 403


def test_approve_button_publishes_and_audits(client, post, comment_on, moderator):
    held = comment_on(post, "Approve me").comment
    client.force_login(moderator)
    response = client.post(reverse("moderation:act", args=[held.pk, "approve"]), follow=True)
    assert "approved and published" in response.content.decode()
    held.refresh_from_db()
    assert (held.status, held.number) == (Status.PUBLISHED, 1)
    assert AuditEvent.objects.filter(action="comment.approved", actor=moderator).count() == 1


def test_reject_button_records_the_reason(client, post, comment_on, moderator):
    held = comment_on(post, "Reject me").comment
    client.force_login(moderator)
    client.post(reverse("moderation:act", args=[held.pk, "reject"]), {"reason": "personal attack"})
    held.refresh_from_db()
    assert held.status == Status.REJECTED
    assert held.decisions.get(decided_by="moderator").reasons == ["personal attack"]


def test_unknown_action_and_illegal_transition_are_explained(client, post, comment_on, moderator):
    held = comment_on(post, "Hmm").comment
    client.force_login(moderator)
    unknown = client.post(reverse("moderation:act", args=[held.pk, "delete"]), follow=True)
    assert "Unknown action" in unknown.content.decode()
    client.post(reverse("moderation:act", args=[held.pk, "spam"]))
    again = client.post(reverse("moderation:act", args=[held.pk, "reject"]), follow=True)
    assert "A spam comment cannot be marked rejected." in again.content.decode()


def test_the_queue_refuses_get_on_action_urls(client, post, comment_on, moderator):
    held = comment_on(post, "Hmm").comment
    client.force_login(moderator)
    assert client.get(reverse("moderation:act", args=[held.pk, "approve"])).status_code == 405
