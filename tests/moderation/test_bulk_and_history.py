"""Bulk decisions on a selection of the queue, and the author history panel beside each held comment."""

from django.urls import reverse

from stoa.moderation.actions import approve_comment, mark_spam, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.history import AuthorHistory, author_histories, history_key
from stoa.moderation.models import AuditEvent
from stoa.moderation.reports import file_report


def test_bulk_approve_decides_each_selected_comment_and_audits_each(client, post, comment_on, moderator):
    first, second, left = (comment_on(post, f"Held {n}", email=f"g{n}@example.org").comment for n in range(3))
    client.force_login(moderator)
    response = client.post(reverse("moderation:bulk_act"), {"action": "approve", "ids": [first.pk, second.pk]})
    assert response.status_code == 302
    statuses = {c.pk: (c.refresh_from_db() or c.status) for c in (first, second, left)}
    assert statuses == {first.pk: Status.PUBLISHED, second.pk: Status.PUBLISHED, left.pk: Status.HELD}
    assert AuditEvent.objects.filter(action="comment.approved", actor=moderator).count() == 2


def test_bulk_reports_successes_and_refusals_with_the_transition_message(client, post, comment_on, moderator):
    spam, held = (comment_on(post, f"Held {n}", email=f"g{n}@example.org").comment for n in range(2))
    mark_spam(spam, moderator=moderator)
    client.force_login(moderator)
    data = {"action": "reject", "ids": [spam.pk, held.pk], "reason": "off topic"}
    page = client.post(reverse("moderation:bulk_act"), data, follow=True).content.decode()
    assert "1 comment rejected." in page
    assert f"1 refused: comment {spam.pk} by Gail Guest: A spam comment cannot be marked rejected." in page
    held.refresh_from_db()
    assert held.status == Status.REJECTED
    assert held.decisions.get(decided_by="moderator").reasons == ["off topic"]


def test_bulk_without_a_selection_or_with_an_unknown_action_is_explained(client, post, comment_on, moderator):
    held = comment_on(post, "Held").comment
    client.force_login(moderator)
    for data in ({"action": "approve"}, {"action": "delete", "ids": [held.pk]}):
        page = client.post(reverse("moderation:bulk_act"), data, follow=True).content.decode()
        assert "Select at least one comment and choose approve, reject or spam." in page
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_bulk_is_for_moderators_and_post_only(client, post, comment_on, make_user, moderator):
    held = comment_on(post, "Held").comment
    client.force_login(make_user())
    assert client.post(reverse("moderation:bulk_act"), {"action": "approve", "ids": [held.pk]}).status_code == 403
    client.force_login(moderator)
    assert client.get(reverse("moderation:bulk_act")).status_code == 405
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_history_counts_statuses_and_reports_per_author(post, comment_on, make_user, moderator):
    reporter = make_user()
    ann = [comment_on(post, f"Ann {n}", name="Ann", email="ann@example.org").comment for n in range(5)]
    approve_comment(ann[0], moderator=moderator)
    approve_comment(ann[1], moderator=moderator)
    reject_comment(ann[2], moderator=moderator)
    mark_spam(ann[3], moderator=moderator)
    file_report(ann[0], reporter=reporter, category="harassment")
    file_report(ann[1], reporter=reporter, category="hate")
    file_report(ann[1], reporter=make_user(), category="threat")
    bob = comment_on(post, "Bob's first", name="Bob", email="bob@example.org").comment
    histories = author_histories([ann[4], bob])
    assert histories[history_key(ann[4])] == AuthorHistory(published=2, held=1, rejected=1, spam=1, reports=3)
    assert histories[history_key(bob)] == AuthorHistory(held=1)


def test_history_separates_accounts_from_guests(post, comment_on, make_user, moderator):
    member = make_user()
    own = comment_on(post, "Signed in", author=member).comment
    guest = comment_on(post, "As a guest").comment
    histories = author_histories([own, guest])
    assert history_key(own) == ("account", member.pk)
    assert histories[history_key(own)].total == 1
    assert histories[history_key(guest)].total == 1


def test_history_takes_two_queries_whatever_the_page_size(post, comment_on, make_user, django_assert_num_queries):
    guests = [comment_on(post, f"Guest {n}", email=f"g{n}@example.org").comment for n in range(6)]
    members = [comment_on(post, f"Member {n}", author=make_user()).comment for n in range(6)]
    with django_assert_num_queries(2):
        histories = author_histories(guests + members)
    assert len(histories) == 12


def test_queue_page_shows_history_checkboxes_bulk_form_and_the_keys(client, post, comment_on, moderator):
    held = comment_on(post, "Held one").comment
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "This author: 0 published, 1 held, 0 rejected, 0 spam; 0 reports against them." in page
    assert f'name="ids" value="{held.pk}" form="bulk"' in page
    assert reverse("moderation:bulk_act") in page
    assert "stoa/queue.js" in page
    assert "<kbd>j</kbd> next" in page
