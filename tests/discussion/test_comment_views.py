"""Commenting through the web form, as a reader would."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stoa.discussion.models import Comment
from stoa.moderation.actions import approve_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import WordRule

GUEST = {"name": "Gail Guest", "email": "gail@example.org", "website": ""}


def _post_comment(client, post, body, **fields):
    data = {**GUEST, "body": body, **fields}
    return client.post(reverse("discussion:post", args=[post.pk]), data, REMOTE_ADDR=fields.pop("ip", "192.0.2.10"))


def test_guest_sees_own_held_comment_but_other_readers_do_not(client, post):
    response = _post_comment(client, post, "My first comment here.")
    assert response.status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Your comment is awaiting moderation" in page
    assert "My first comment here." in page

    stranger = Client().get(post.get_absolute_url()).content.decode()
    assert "My first comment here." not in stranger


def test_moderator_sees_held_comments_in_the_thread(client, post, moderator):
    _post_comment(client, post, "Waiting for review.")
    client.force_login(moderator)
    assert "Waiting for review." in client.get(post.get_absolute_url()).content.decode()


def test_after_approval_the_comment_appears_numbered_for_everyone(client, post, moderator):
    _post_comment(client, post, "Approve me please.")
    approve_comment(Comment.objects.get(), moderator=moderator)
    page = Client().get(post.get_absolute_url()).content.decode()
    assert re.search(r'<li class="comment depth-0" id="c1" data-number="1"', page)
    assert "Approve me please." in page


def test_reply_through_the_form_is_threaded(client, post, make_user):
    member = make_user()
    client.force_login(member)
    client.post(reverse("discussion:post", args=[post.pk]), {"body": "Top level"}, REMOTE_ADDR="192.0.2.1")
    Comment.objects.update(created_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(
        reverse("discussion:post", args=[post.pk]),
        {"body": "A reply", "reply_to": "1"},
        REMOTE_ADDR="192.0.2.1",
    )
    assert response.status_code == 302
    reply = Comment.objects.get(body="A reply")
    assert (reply.in_reply_to.number, reply.depth, reply.number) == (1, 1, 2)
    assert "in reply to" in client.get(post.get_absolute_url()).content.decode()


def test_reply_to_a_missing_comment_is_a_clear_error(client, post, make_user):
    client.force_login(make_user())
    response = client.post(reverse("discussion:post", args=[post.pk]), {"body": "Reply", "reply_to": "7"})
    assert response.status_code == 400
    assert "There is no published comment #7 to reply to." in response.content.decode()


def test_missing_guest_fields_are_named_and_the_text_is_kept(client, post):
    response = _post_comment(client, post, "Keep this text", name="", email="not-an-email")
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert "Keep this text" in page
    assert not Comment.objects.exists()


def test_closed_thread_refuses_with_a_clear_message(client, post):
    post.comments_closed = True
    post.save()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Comments are closed on this post." in page
    assert 'id="comment-form"' not in page
    response = _post_comment(client, post, "Trying anyway")
    assert response.status_code == 400
    assert "Comments are closed on this post." in response.content.decode()
    assert "Retry-After" not in response  # waiting will not open it
    assert not Comment.objects.exists()


def test_rate_limit_answers_429_with_a_clear_message_and_keeps_the_text(client, post, make_user):
    client.force_login(make_user())
    first = client.post(reverse("discussion:post", args=[post.pk]), {"body": "First"})
    second = client.post(reverse("discussion:post", args=[post.pk]), {"body": "Second, too quick"})
    assert first.status_code == 302
    assert second.status_code == 429
    page = second.content.decode()
    assert "You are commenting too quickly. Please wait" in page
    assert "Second, too quick" in page
    assert Comment.objects.count() == 1
    seconds = int(second["Retry-After"])  # the wait the sentence gives, as data
    assert 1 <= seconds <= 15 and f"Please wait {seconds} second" in page


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<svg onload="alert(1)"></svg>',
        '<iframe src="https://e.example">',
    ],
)
def test_hostile_markup_renders_inert(client, post, make_user, attack):
    member = make_user()
    client.force_login(member)
    client.post(reverse("discussion:post", args=[post.pk]), {"body": f"Look: {attack}"})
    page = client.get(post.get_absolute_url()).content.decode()
    thread = page[page.index('id="comments"') :]
    assert "Look:" in thread
    for marker in ("<script", "onerror", "javascript:", "onload", "<iframe", "<svg"):
        assert marker not in thread


def _guest_comment(client, post):
    _post_comment(client, post, "Original text")
    return Comment.objects.get()


def test_guest_edits_own_comment_from_the_same_browser_within_15_minutes(client, post):
    comment = _guest_comment(client, post)
    url = reverse("discussion:edit", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Corrected text"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Corrected text"
    assert comment.edited_at is not None


def test_guest_cannot_edit_from_another_browser(client, post):
    comment = _guest_comment(client, post)
    response = Client().post(reverse("discussion:edit", args=[comment.pk]), {"body": "Hijacked"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Original text"


def test_guest_cannot_edit_after_the_window(client, post):
    comment = _guest_comment(client, post)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    response = client.post(reverse("discussion:edit", args=[comment.pk]), {"body": "Too late"})
    assert response.status_code == 403
    assert "can't be edited" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Original text"


def test_member_edit_window_is_configurable(client, post, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(member_edit_window=300)
    member = make_user()
    client.force_login(member)
    client.post(reverse("discussion:post", args=[post.pk]), {"body": "Member text"})
    comment = Comment.objects.get()
    url = reverse("discussion:edit", args=[comment.pk])
    assert client.post(url, {"body": "Edited in time"}).status_code == 302
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(minutes=6))
    assert client.post(url, {"body": "Edited too late"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Edited in time"


def test_an_edit_is_moderated_again(client, post, make_user):
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    client.force_login(make_user())
    client.post(reverse("discussion:post", args=[post.pk]), {"body": "A fair point."})
    comment = Comment.objects.get()
    assert comment.status == Status.PUBLISHED
    client.post(reverse("discussion:edit", args=[comment.pk]), {"body": "You lowlife."})
    comment.refresh_from_db()
    assert (comment.status, comment.number) == (Status.HELD, 1)
