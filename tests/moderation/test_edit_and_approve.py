"""Edit-and-approve: a moderator publishes a held comment with personal data redacted, and nothing keeps the data."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stoa.discussion import signals
from stoa.discussion.models import Comment
from stoa.moderation.actions import InvalidEdit, edit_and_approve, mark_spam, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, ModerationDecision
from stoa.moderation.queue_items import redacted_body
from stoa.moderation.redaction import REDACTED, summarize_edit
from stoa.moderation.transitions import IllegalTransition
from stoa.people.roles import Role

PHONE = "07700 900123"
DOXXING = f"Her number is {PHONE}, call her and tell her what you think."
REDACTED_TEXT = f"Her number is {REDACTED}, call her and tell her what you think."


@pytest.fixture
def held(post, comment_on):
    comment = comment_on(post, DOXXING, name="Dan", email="dan@example.org").comment
    assert comment.status == Status.HELD
    return comment


def stored_anywhere(text: str) -> list[str]:
    """Where ``text`` is still stored: the comment rows, their decisions, and the audit log."""
    places = []
    for comment in Comment.objects.all():
        if text in comment.body or text in comment.body_html:
            places.append(f"comment {comment.pk}")
    for decision in ModerationDecision.objects.all():
        if text in json.dumps([decision.reasons, decision.scores, decision.highlights], ensure_ascii=False):
            places.append(f"decision {decision.pk}")
    for event in AuditEvent.objects.all():
        if text in json.dumps([event.reasons, event.data], ensure_ascii=False):
            places.append(f"audit event {event.pk}")
    return places


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EDITOR, Role.MODERATOR])
def test_staff_who_moderate_can_edit_and_approve(held, make_user, role, clock):
    published = edit_and_approve(held, moderator=make_user(role=role), new_text="Edited **text**.", now=clock.tick())
    stored = Comment.objects.get(pk=held.pk)
    assert (stored.status, stored.number, stored.body) == (Status.PUBLISHED, 1, "Edited **text**.")
    assert stored.body_html == "<p>Edited <strong>text</strong>.</p>"
    assert stored.published_at == stored.edited_at == clock.now
    assert published.pk == held.pk


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.MEMBER])
def test_authors_and_members_are_refused(held, make_user, role):
    with pytest.raises(PermissionDenied):
        edit_and_approve(held, moderator=make_user(role=role), new_text=REDACTED_TEXT)
    assert Comment.objects.get(pk=held.pk).body == DOXXING


def test_an_anonymous_visitor_is_refused(held):
    with pytest.raises(PermissionDenied):
        edit_and_approve(held, moderator=AnonymousUser(), new_text=REDACTED_TEXT)
    assert Comment.objects.get(pk=held.pk).status == Status.HELD


@pytest.mark.parametrize("decide", [reject_comment, mark_spam])
def test_only_a_held_comment_can_be_edited_and_approved(held, moderator, decide):
    decide(held, moderator=moderator)
    with pytest.raises(IllegalTransition, match="Only a held comment can be edited and approved; this one is"):
        edit_and_approve(held, moderator=moderator, new_text=REDACTED_TEXT)
    stored = Comment.objects.get(pk=held.pk)
    assert stored.body == DOXXING and stored.status != Status.PUBLISHED


def test_a_published_comment_cannot_be_edited_and_approved_again(held, moderator):
    edit_and_approve(held, moderator=moderator, new_text=REDACTED_TEXT)
    with pytest.raises(IllegalTransition, match="this one is published"):
        edit_and_approve(held, moderator=moderator, new_text="Something else entirely.")
    assert Comment.objects.get(pk=held.pk).body == REDACTED_TEXT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \r\n ", "The edited text is empty"),
        ("x", "shorter than the 2 characters"),
        ("y" * 10_001, "The edited text has 10,001 characters; a comment has at most 10,000."),
    ],
)
def test_text_that_could_not_be_published_is_refused(held, moderator, text, message):
    with pytest.raises(InvalidEdit, match=message):
        edit_and_approve(held, moderator=moderator, new_text=text)
    assert Comment.objects.get(pk=held.pk).status == Status.HELD


def test_redaction_leaves_no_copy_of_the_data_and_the_audit_says_how_much(held, moderator, clock):
    assert stored_anywhere(PHONE) == [f"comment {held.pk}"]
    edit_and_approve(held, moderator=moderator, new_text=REDACTED_TEXT, reason="doxxing", now=clock.tick())
    assert stored_anywhere(PHONE) == []
    stored = Comment.objects.get(pk=held.pk)
    assert REDACTED in stored.body and REDACTED in stored.body_html
    event = AuditEvent.objects.get(action="comment.edited_and_approved")
    assert (event.actor, event.at, event.target_id) == (moderator, clock.now, str(held.pk))
    assert event.reasons == ["doxxing", "edited by a moderator before publishing: 1 part redacted"]
    assert event.data == {
        "from": "held",
        "to": "published",
        "edited": True,
        "redactions": 1,
        "redacted_characters": len(PHONE),
        "length_before": len(DOXXING),
        "length_after": len(REDACTED_TEXT),
    }
    decision = stored.decisions.get(decided_by="moderator")
    assert (decision.status, decision.moderator, decision.reasons) == (Status.PUBLISHED, moderator, event.reasons)


def test_approving_the_text_unchanged_records_no_edit(held, moderator):
    edit_and_approve(held, moderator=moderator, new_text=DOXXING)
    stored = Comment.objects.get(pk=held.pk)
    assert stored.edited_at is None
    event = AuditEvent.objects.get(action="comment.edited_and_approved")
    assert (event.reasons, event.data["edited"], event.data["redactions"]) == ([], False, 0)


def test_the_moderated_signal_is_sent_after_commit_with_the_decision(
    held, moderator, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    signals.comment_moderated.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            edit_and_approve(held, moderator=moderator, new_text=REDACTED_TEXT)
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.comment_moderated.disconnect(receiver)
    assert [(r["previous"], r["status"], r["decision"].decided_by) for r in received] == [
        ("held", Status.PUBLISHED, "moderator")
    ]


def test_the_detectors_spans_give_the_one_click_redaction(held):
    assert redacted_body(Comment.objects.get(pk=held.pk)) == (REDACTED_TEXT, 1)


def test_summarize_edit_counts_parts_and_characters_not_stray_letters():
    email = "ann.smith@example.org"
    summary = summarize_edit(f"Mail {email} or ring {PHONE} today", f"Mail {REDACTED} or ring {REDACTED} today")
    assert (summary.redactions, summary.redacted_characters) == (2, len(email) + len(PHONE))
    typed = summarize_edit("Nothing removed here", f"Nothing removed {REDACTED} here")
    assert (typed.changed, typed.redactions) == (True, 0)


# The page and its form.


def test_the_queue_offers_the_form_and_the_redaction_of_what_the_detector_found(client, held, moderator):
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert f'action="{reverse("moderation:edit_approve", args=[held.pk])}"' in page
    assert f'data-redacted="{REDACTED_TEXT}"' in page
    assert "Publish with personal data redacted (1 part)" in page
    assert f'form="redact-{held.pk}"' in page and f'id="redact-{held.pk}"' in page  # its own form: Enter elsewhere
    assert "<kbd>e</kbd> edit &amp; approve" in page


def test_the_form_publishes_the_moderators_text_and_returns_to_the_queue(client, held, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:edit_approve", args=[held.pk]),
        {"text": "A kinder\r\nversion.", "reason": "tone", "back": "?sort=oldest"},
    )
    assert (response.status_code, response.url) == (302, "/moderation/?sort=oldest")
    stored = Comment.objects.get(pk=held.pk)
    assert (stored.status, stored.body) == (Status.PUBLISHED, "A kinder\nversion.")
    page = client.get(response.url).content.decode()
    assert "Comment by Dan edited and published." in page


def test_the_one_click_button_without_javascript_redacts_the_stored_text(client, held, moderator):
    client.force_login(moderator)
    client.post(
        reverse("moderation:edit_approve", args=[held.pk]), {"text": DOXXING, "redact": "personal_data", "back": ""}
    )
    assert Comment.objects.get(pk=held.pk).body == REDACTED_TEXT
    assert stored_anywhere(PHONE) == []


def test_the_form_explains_a_refusal(client, held, moderator):
    reject_comment(held, moderator=moderator)
    client.force_login(moderator)
    response = client.post(reverse("moderation:edit_approve", args=[held.pk]), {"text": "Hi there"}, follow=True)
    assert "Only a held comment can be edited and approved; this one is rejected." in response.content.decode()
    empty = client.post(reverse("moderation:edit_approve", args=[held.pk]), {"text": ""}, follow=True)
    assert "The edited text is empty" in empty.content.decode()


def test_the_form_is_for_moderators_and_post_only(client, held, make_user, moderator):
    client.force_login(make_user())
    assert client.post(reverse("moderation:edit_approve", args=[held.pk]), {"text": "Hijacked"}).status_code == 403
    client.force_login(moderator)
    assert client.get(reverse("moderation:edit_approve", args=[held.pk])).status_code == 405
    assert Comment.objects.get(pk=held.pk).body == DOXXING


def test_the_decided_queue_shows_the_edit(client, held, moderator, clock):
    edit_and_approve(held, moderator=moderator, new_text=REDACTED_TEXT, reason="doxxing", now=clock.tick())
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue"), {"queue": "decided", "reason": "redacted"}).content.decode()
    assert f'id="decided-{held.pk}"' in page
    assert "published by mod" in page and "edited by a moderator before publishing: 1 part redacted" in page


def test_the_one_click_button_refuses_when_nothing_is_marked_in_the_text_now(client, held, moderator, clock):
    Comment.objects.filter(pk=held.pk).update(edited_at=clock.tick())  # an edit since the detector marked it
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:edit_approve", args=[held.pk]),
        {"text": DOXXING, "redact": "personal_data", "back": ""},
        follow=True,
    )
    assert "No personal data is marked in this comment&#x27;s text as it is now" in response.content.decode()
    stored = Comment.objects.get(pk=held.pk)
    assert (stored.status, stored.body) == (Status.HELD, DOXXING)


def test_the_length_limits_are_the_posts_own(post, comment_on, moderator, clock):
    post.moderation_overrides = {"max_length": 40}
    post.save()
    comment = comment_on(post, DOXXING[:38], name="Dan", email="dan@example.org").comment
    assert comment.status == Status.HELD
    with pytest.raises(InvalidEdit, match="a comment has at most 40"):
        edit_and_approve(comment, moderator=moderator, new_text="x" * 41, now=clock.tick())
    post.moderation_overrides = {"min_length": 20}
    post.save()
    with pytest.raises(InvalidEdit, match="shorter than the 20 characters"):
        edit_and_approve(comment, moderator=moderator, new_text="Too short.", now=clock.tick())
