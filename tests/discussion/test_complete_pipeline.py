"""The complete pipeline through ``submit_comment``: transforms, trust, repeat posts, rejection rate,
pre-moderation rules and per-post overrides, with the context built in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stoa.discussion.services import edit_comment
from stoa.moderation.actions import approve_comment, reject_comment, warn_author
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, ModerationDecision, WordRule

REPEATED = "Buy the best watches at the lowest prices today"


@pytest.fixture
def trust_after_two(settings):
    settings.CONFIG = settings.CONFIG.replace(trust_members_after=2)


def test_the_stored_text_is_sanitised_and_linkified_and_the_decision_says_so(post, comment_on, make_user):
    result = comment_on(post, "Read\u200b example.com/my_guide for more.\x07\n\n", author=make_user())
    comment = result.comment
    assert comment.status == Status.PUBLISHED
    assert comment.body == "Read [example.com/my\\_guide](<http://example.com/my_guide>) for more."
    assert (
        '<a href="http://example.com/my_guide" rel="nofollow ugc noopener noreferrer">example.com/my_guide</a>'
        in comment.body_html
    )
    assert result.decision.transforms == ("removed 2 invisible or control characters", "linkified 1 link")
    stored = ModerationDecision.objects.get(comment=comment)
    assert (stored.scores["linkified_links"], stored.scores["removed_characters"]) == (1.0, 2.0)
    event = AuditEvent.objects.get(action="comment.submitted", target_id=str(comment.pk))
    assert event.data["transforms"] == ["removed 2 invisible or control characters", "linkified 1 link"]


def test_an_edit_is_not_linked_twice_nor_a_repeat_of_itself(post, comment_on, make_user, clock):
    member = make_user()
    comment = comment_on(post, "My longer thoughts are at https://a.example/essay today", author=member).comment
    edited = edit_comment(comment, comment.body + " (updated)", editor=member, browser_owns=False, now=clock.tick())
    assert edited.comment.body == "My longer thoughts are at <https://a.example/essay> today (updated)"
    assert edited.decision.transforms == ()
    assert edited.comment.status == Status.PUBLISHED


def test_staff_are_published_by_trust_past_watched_words_but_banned_words_still_reject(post, comment_on, moderator):
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.WATCH)
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    watched = comment_on(post, "That scumbag argument again.", author=moderator)
    assert (watched.comment.status, watched.decision.decided_by) == (Status.PUBLISHED, "trusted_author")
    assert watched.decision.reasons == ("trusted author: staff",)
    banned = comment_on(post, "Cheap pills, anyone?", author=moderator)
    assert banned.comment.status == Status.REJECTED


def test_a_member_in_good_standing_is_trusted_until_a_rejection(
    post, comment_on, make_user, moderator, trust_after_two
):
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.WATCH)
    member = make_user()
    first = comment_on(post, "First thought.", author=member).comment
    comment_on(post, "Second thought.", author=member)
    trusted = comment_on(post, "A scumbag move by the council.", author=member)
    assert trusted.comment.status == Status.PUBLISHED
    assert trusted.decision.reasons[0].startswith("trusted author: member in good standing (2 approved comments")
    reject_comment(first, moderator=moderator, reason="off topic")
    after = comment_on(post, "Another scumbag move by the council.", author=member)
    assert after.comment.status == Status.HELD
    assert "watched word: 'scumbag'" in after.decision.reasons


def test_a_warning_ends_trust_and_personal_data_holds_even_the_trusted(
    post, comment_on, make_user, moderator, trust_after_two
):
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.WATCH)
    member = make_user()
    for text in ("First thought.", "Second thought."):
        comment_on(post, text, author=member)
    doxxing = comment_on(post, "Her number is 07700 900123, tell her.", author=member)
    assert doxxing.comment.status == Status.HELD
    assert any(reason.startswith("personal information: phone number") for reason in doxxing.decision.reasons)
    warn_author(member, moderator=moderator, reason="be kind")
    assert comment_on(post, "A scumbag move by the council.", author=member).comment.status == Status.HELD


def test_the_same_text_again_is_held_as_a_repeat(post, comment_on, make_user, clock):
    member = make_user()
    assert comment_on(post, REPEATED, author=member).comment.status == Status.PUBLISHED
    again = comment_on(post, REPEATED.upper() + "!!", author=member, now=clock.tick(120))
    assert again.comment.status == Status.HELD
    assert "repeat post: the same text came from this author 2 minutes ago" in again.decision.reasons


def test_one_text_from_two_accounts_on_one_network_is_held(post, comment_on, make_user):
    comment_on(post, REPEATED, author=make_user(), ip="203.0.113.9")
    again = comment_on(post, REPEATED, author=make_user(), ip="203.0.113.9")
    assert again.comment.status == Status.HELD
    assert "repeat post: the same text came from the same network (IP address) 1 minute ago" in again.decision.reasons


def test_an_author_whose_recent_comments_were_mostly_rejected_is_held(post, comment_on, make_user, moderator):
    member = make_user()
    comments = [comment_on(post, f"Remark number {n}.", author=member).comment for n in range(4)]
    for comment in comments[:3]:
        reject_comment(comment, moderator=moderator, reason="abusive")
    result = comment_on(post, "A perfectly civil remark.", author=member)
    assert result.comment.status == Status.HELD
    assert result.decision.reasons == ("3 of the author's last 4 comments were rejected (hold at 50% within 30 days)",)


def test_premoderate_all_holds_members_but_not_staff(post, comment_on, make_user, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    held = comment_on(post, "Hello there.", author=make_user())
    assert held.decision.reasons == ("all comments are pre-moderated",)
    assert comment_on(post, "Hello from the team.", author=moderator).comment.status == Status.PUBLISHED


def test_new_authors_first_comments_wait_until_enough_are_approved(post, comment_on, make_user, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(premoderate_first_comments=2)
    member = make_user()
    first = comment_on(post, "My first comment here.", author=member)
    assert first.decision.reasons == ("new author: 0 approved comments so far (the first 2 are pre-moderated)",)
    approve_comment(first.comment, moderator=moderator)
    second = comment_on(post, "My second comment here.", author=member)
    assert second.decision.reasons == ("new author: 1 approved comment so far (the first 2 are pre-moderated)",)
    approve_comment(second.comment, moderator=moderator)
    assert comment_on(post, "And now a third one.", author=member).comment.status == Status.PUBLISHED


def test_the_posts_own_switch_holds_its_comments(make_post, comment_on, make_user):
    heated = make_post(premoderate_comments=True)
    result = comment_on(heated, "Hello there.", author=make_user())
    assert result.decision.reasons == ("comments on this post are pre-moderated",)
    assert comment_on(make_post(), "Hello there.", author=make_user()).comment.status == Status.PUBLISHED


def test_a_post_overrides_the_sites_settings_for_its_comments(make_post, comment_on, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    open_post = make_post(moderation_overrides={"premoderate_all": False, "max_links": 4})
    links = "See https://a.example, https://b.example and https://c.example."
    assert comment_on(open_post, links, author=make_user()).comment.status == Status.PUBLISHED
    assert comment_on(make_post(), "Hello there.", author=make_user()).comment.status == Status.HELD


def _queries_to_submit(comment_on, post, **writer) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = comment_on(post, "Counting the queries of one comment.", **writer)
    assert result.comment.status == Status.HELD  # the same outcome, so the same writes: only the reads differ
    return len(captured)


def test_the_context_costs_the_same_queries_however_long_the_history(make_post, comment_on, make_user, moderator):
    post, counted = make_post(), make_post(premoderate_comments=True)
    newcomer, regular = make_user(), make_user()
    comment_on(post, "Only one before.", author=newcomer)
    for n in range(12):
        comment = comment_on(post, f"Regular remark {n} on the matter.", author=regular).comment
        if n % 3 == 0:
            reject_comment(comment, moderator=moderator, reason="")
    warn_author(regular, moderator=moderator, reason="noted")
    comment_on(counted, "The first comment creates the thread.", author=make_user())
    few = _queries_to_submit(comment_on, counted, author=newcomer)
    assert few == _queries_to_submit(comment_on, counted, author=regular)
    comment_on(post, "A guest once.", email="once@example.org", ip="198.51.100.200")
    for n in range(6):
        comment_on(post, f"A guest often, remark {n}.", email="often@example.org", ip="198.51.100.201")
    once = _queries_to_submit(comment_on, counted, email="once@example.org", ip="198.51.100.200")
    assert once == _queries_to_submit(comment_on, counted, email="often@example.org", ip="198.51.100.201")


def test_guests_share_the_rejection_rate_of_their_email(post, comment_on, moderator, clock):
    for n in range(3):
        held = comment_on(post, f"Guest remark number {n}.", email="spammy@example.org").comment
        reject_comment(held, moderator=moderator, reason="spam")
    result = comment_on(post, "Another remark entirely.", email="spammy@example.org", now=clock.tick())
    assert "3 of the author's last 3 comments were rejected (hold at 50% within 30 days)" in result.decision.reasons
    elsewhere = comment_on(post, "A remark from someone else.", email="other@example.org", now=clock.tick())
    assert not any("were rejected" in reason for reason in elsewhere.decision.reasons)
