"""Removal requests: private to the author first, with a deadline; then the moderators; every step audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from stoa.blog.models import Post, PostStatus
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Notification
from stoa.safety import removals
from stoa.safety.models import RemovalRequest

State = RemovalRequest.State


def _file(subject, requester=None, email="", now=None):
    return removals.file_removal_request(
        subject=subject,
        requester=requester,
        requester_name="Natasha Allmark",
        requester_email=email,
        what=RemovalRequest.What.PHOTO,
        why="It shows me without my consent.",
        change_asked="Take the photo down.",
        now=now,
    )


def test_a_members_request_goes_to_the_author_with_a_deadline(post, make_user, settings, clock):
    settings.CONFIG = settings.CONFIG.replace(removal_request_deadline=3600)
    filed = _file(post, requester=make_user("nat"), now=clock.now)
    assert filed.state == State.WITH_AUTHOR
    assert filed.deadline == clock.now + dt.timedelta(hours=1)
    assert filed.receipt.startswith("R-")
    assert list(removals.requests_for_author(post.author)) == [filed]
    assert not removals.requests_for_moderators().exists()


def test_a_non_member_confirms_their_email_first_and_it_is_stored_hashed(client, post):
    response = client.post(
        f"/safety/removal/new/?post={post.pk}",
        {
            "post": post.pk,
            "name": "Natasha",
            "email": "nat@example.org",
            "what": "photo",
            "why": "mine",
            "change_asked": "remove",
        },
    )
    filed = RemovalRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/safety/removal/{filed.receipt}/"
    assert filed.state == State.UNCONFIRMED and "nat@example.org" not in filed.requester_email_hash
    assert not removals.requests_for_author(post.author).exists()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/safety/removal/confirm/" in line)
    confirm = link[link.index("/safety/") :]
    client.get(confirm)  # opening the link (a mail scanner does) confirms nothing
    filed.refresh_from_db()
    assert filed.state == State.UNCONFIRMED
    client.post(confirm)
    filed.refresh_from_db()
    assert filed.state == State.WITH_AUTHOR
    page = client.get(f"/safety/removal/{filed.receipt}/")
    assert "With the author" in page.content.decode()


def test_a_bad_confirmation_link_is_refused_clearly(client):
    response = client.post("/safety/removal/confirm/not-a-token/")
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()


def test_missing_fields_are_refused_with_a_sentence(post):
    with pytest.raises(removals.RemovalRefused, match="email address"):
        _file(post, requester=None, email="")
    with pytest.raises(removals.RemovalRefused, match="what the request is about"):
        removals.file_removal_request(
            subject=post, requester_name="N", requester_email="n@example.org", what="x", why="w", change_asked="c"
        )


def test_the_author_removes_the_post(post, make_user):
    filed = _file(post, requester=make_user("nat"))
    removals.answer_as_author(filed, author=post.author, action="remove", answer="Sorry, done.")
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT
    filed.refresh_from_db()
    assert filed.state == State.REMOVED and filed.author_answer == "Sorry, done."


def test_only_the_author_answers(post, make_user):
    filed = _file(post, requester=make_user("nat"))
    with pytest.raises(PermissionDenied):
        removals.answer_as_author(filed, author=make_user("eve"), action="remove", answer="")


def test_declined_requests_reach_the_moderators_who_decide(post, make_user, moderator, comment_on):
    comment = comment_on(post, "Here is a photo of her house.", author=make_user("carl")).comment
    filed = _file(comment, requester=make_user("nat"))
    with pytest.raises(removals.RemovalRefused, match="why you decline"):
        removals.answer_as_author(filed, author=comment.author, action="decline", answer=" ")
    removals.answer_as_author(filed, author=comment.author, action="decline", answer="It is public anyway.")
    assert list(removals.requests_for_moderators()) == [filed]
    with pytest.raises(PermissionDenied):
        removals.decide_as_moderator(filed, moderator=comment.author, uphold=True, answer="x")
    removals.decide_as_moderator(filed, moderator=moderator, uphold=True, answer="Removed: it shows where she lives.")
    comment.refresh_from_db()
    filed.refresh_from_db()
    assert comment.status == Status.REJECTED and filed.state == State.UPHELD


def test_unanswered_requests_escalate_after_the_deadline(post, make_user, settings, clock):
    settings.CONFIG = settings.CONFIG.replace(removal_request_deadline=3600)
    filed = _file(post, requester=make_user("nat"), now=clock.now)
    assert removals.escalate_overdue(clock.now + dt.timedelta(minutes=59)) == 0
    assert removals.escalate_overdue(clock.now + dt.timedelta(hours=2)) == 1
    filed.refresh_from_db()
    assert filed.state == State.ESCALATED
    with pytest.raises(removals.RemovalRefused, match="no longer waiting"):
        removals.answer_as_author(filed, author=post.author, action="edit", answer="")


def test_every_step_is_in_the_audit_log(post, make_user, moderator):
    filed = _file(post, requester=make_user("nat"))
    removals.answer_as_author(filed, author=post.author, action="decline", answer="No.")
    removals.decide_as_moderator(filed, moderator=moderator, uphold=False, answer="It is fair comment.")
    actions = list(AuditEvent.objects.filter(target_type="safety.removalrequest").values_list("action", flat=True))
    assert actions == ["removal.filed", "removal.sent_to_author", "removal.author_decline", "removal.refused"]


def test_the_author_then_the_moderators_and_the_requester_are_told(
    post, make_user, moderator, django_capture_on_commit_callbacks
):
    nat = make_user("nat")
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(post, requester=nat)
    author_note = Notification.objects.get(recipient=post.author)
    assert filed.receipt in author_note.subject and "Natasha Allmark" in author_note.body
    with django_capture_on_commit_callbacks(execute=True):
        removals.answer_as_author(filed, author=post.author, action="decline", answer="No.")
    assert Notification.objects.filter(recipient=moderator, subject__contains="needs a decision").exists()
    assert Notification.objects.filter(recipient=nat, subject__contains="declined").exists()
