"""The comment's path through the service: pipeline, numbering, tree, transaction."""

import datetime as dt

import pytest

from stoa.discussion.errors import CommentInvalid, RateLimited, ThreadClosed
from stoa.discussion.models import Comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import approve_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, ModerationDecision, WordRule
from stoa.privacy import hash_email


def test_guest_first_comment_is_held_and_the_next_one_published_after_approval(post, comment_on, moderator):
    first = comment_on(post, "Interesting piece, thank you.")
    assert first.comment.status == Status.HELD
    assert first.comment.number is None
    assert first.decision.reasons == ("first comment from this guest (no earlier approved comment)",)

    approve_comment(first.comment, moderator=moderator)
    first.comment.refresh_from_db()
    assert (first.comment.status, first.comment.number) == (Status.PUBLISHED, 1)

    second = comment_on(post, "And one more thought.")
    assert second.comment.status == Status.PUBLISHED
    assert second.comment.number == 2


def test_member_comments_are_numbered_in_order_of_publication(post, comment_on, make_user):
    member = make_user()
    numbers = [comment_on(post, f"Comment {i}", author=member).comment.number for i in range(3)]
    assert numbers == [1, 2, 3]


def test_a_held_comment_gets_the_next_number_when_approved_later(post, comment_on, make_user, moderator):
    member = make_user()
    held = comment_on(post, "Held: https://a.example https://b.example", author=member).comment
    comment_on(post, "Published straight away", author=member)
    approve_comment(held, moderator=moderator)
    held.refresh_from_db()
    assert held.number == 2


def test_comment_decision_and_audit_event_are_written_together(post, comment_on, make_user):
    member = make_user()
    comment = comment_on(post, "Hello there", author=member).comment
    decision = ModerationDecision.objects.get(comment=comment)
    assert (decision.status, decision.decided_by) == ("published", "policy")
    event = AuditEvent.objects.get(target_id=str(comment.pk))
    assert (event.action, event.actor_label, event.data["status"]) == (
        "comment.submitted",
        "pipeline",
        "published",
    )


def test_guest_email_and_ip_are_stored_only_as_keyed_hashes(post, comment_on):
    comment = comment_on(post, "Hello", email="Secret@Example.org", ip="192.0.2.7").comment
    stored = Comment.objects.filter(pk=comment.pk).values().get()
    assert "secret@example.org" not in str(stored).casefold()
    assert "192.0.2.7" not in str(stored)
    assert comment.guest_email_hash == hash_email("secret@example.org")
    assert len(comment.ip_hash) == 64


def test_replies_nest_to_the_depth_limit_then_stay_at_the_deepest_level(post, comment_on, make_user, settings):
    member = make_user()
    top = comment_on(post, "Top", author=member).comment
    reply = comment_on(post, "Reply", author=member, reply_to=top).comment
    deeper = comment_on(post, "Deeper", author=member, reply_to=reply).comment
    deepest = comment_on(post, "Too deep", author=member, reply_to=deeper).comment
    assert [top.depth, reply.depth, deeper.depth, deepest.depth] == [0, 1, 2, 2]
    assert deepest.parent == reply and deepest.in_reply_to == deeper


def test_cannot_reply_to_a_comment_of_another_thread(post, make_post, comment_on, make_user):
    member = make_user()
    elsewhere = comment_on(make_post(), "Elsewhere", author=member).comment
    with pytest.raises(CommentInvalid):
        comment_on(post, "Reply", author=member, reply_to=elsewhere)


def test_closed_thread_refuses_and_stores_nothing(post, comment_on, make_user):
    post.comments_closed = True
    post.save()
    with pytest.raises(ThreadClosed, match="Comments are closed"):
        comment_on(post, "Let me in", author=make_user())
    assert not Comment.objects.exists()
    assert not AuditEvent.objects.exists()


def test_comments_close_automatically_after_the_configured_time(make_post, comment_on, make_user, settings, clock):
    settings.CONFIG = settings.CONFIG.replace(close_comments_after=86400)
    old = make_post(published_at=clock.now - dt.timedelta(days=2))
    with pytest.raises(ThreadClosed):
        comment_on(old, "Late to the party", author=make_user())


def test_rate_limit_refuses_a_second_comment_within_15_seconds(post, comment_on, make_user, clock):
    member = make_user()
    comment_on(post, "First", author=member, now=clock.now)
    with pytest.raises(RateLimited, match="wait 10 seconds"):
        comment_on(post, "Second", author=member, now=clock.now + dt.timedelta(seconds=5))


def test_the_rate_limit_refusal_carries_its_wait_as_data(post, comment_on, make_user, clock):
    member = make_user()
    comment_on(post, "First", author=member, now=clock.now)
    with pytest.raises(RateLimited) as refused:
        comment_on(post, "Second", author=member, now=clock.now + dt.timedelta(seconds=4.5))
    assert refused.value.retry_after_seconds == 11  # 10.5 s left, rounded up: as the sentence says
    assert "wait 11 seconds" in refused.value.message


def test_a_refusal_that_waiting_will_not_lift_carries_no_wait(make_post, comment_on, make_user):
    with pytest.raises(ThreadClosed) as refused:
        comment_on(make_post(comments_closed=True), "Late", author=make_user())
    assert refused.value.retry_after_seconds is None


def test_rate_limit_applies_per_hashed_ip_across_identities(post, comment_on, make_user, clock):
    comment_on(post, "First", author=make_user(), ip="192.0.2.1", now=clock.now)
    with pytest.raises(RateLimited):
        comment_on(post, "Second", author=make_user(), ip="192.0.2.1", now=clock.now + dt.timedelta(seconds=3))


def test_banned_word_rejects_and_keeps_the_comment_for_the_record(post, comment_on, make_user):
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    result = comment_on(post, "Buy CHEAP P1LLS here", author=make_user())
    assert result.comment.status == Status.REJECTED
    assert result.decision.reasons == ("banned word: 'cheap pills'",)


def test_watched_word_holds_with_its_reason(post, comment_on, make_user):
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.WATCH)
    result = comment_on(post, "Greenstein is a scumbag.", author=make_user())
    assert result.comment.status == Status.HELD
    assert "watched word: 'scumbag'" in result.decision.reasons


def test_markdown_is_rendered_once_and_sanitised(post, comment_on, make_user):
    body = (
        '*hi* <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) '
        '<a href="https://ok.example" onclick="alert(4)">ok</a>'
    )
    html = comment_on(post, body, author=make_user()).comment.body_html
    assert "<em>hi</em>" in html
    for dangerous in ("<script", "onerror", "javascript:", "onclick", "<img"):
        assert dangerous not in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html


def test_thread_is_created_once_per_post(post):
    assert thread_for_post(post).pk == thread_for_post(post).pk
