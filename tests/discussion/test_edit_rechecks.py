"""An edit is checked again under the comment's lock: removals made meanwhile stand, holds by reports or a moderator
stay, and the status change is one the transitions table allows (mentions their source took down still return)."""

import pytest

from stoa.discussion import services
from stoa.discussion.errors import EditNotAllowed
from stoa.discussion.models import Comment, CommentKind
from stoa.discussion.services import CommentDraft, edit_comment, moderate_again, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import change_status_on_behalf, mark_spam, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision, WordRule
from stoa.moderation.reports import dismiss_reports, file_report, was_hidden_by_reports
from stoa.people.roles import Role


@pytest.fixture
def hide_at_one_report(settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=1.0)


def test_a_trusted_authors_edit_keeps_a_comment_hidden_by_reports_held(
    post, comment_on, make_user, moderator, hide_at_one_report, clock
):
    staff = make_user(role=Role.EDITOR)  # trusted: the pipeline alone would publish every edit
    comment = comment_on(post, "A remark people reported.", author=staff).comment
    file_report(comment, reporter=make_user(), category="harassment", now=clock.tick())
    comment.refresh_from_db()
    assert comment.status == Status.HELD

    first = edit_comment(comment, "A remark, reworded.", editor=staff, browser_owns=False, now=clock.tick())
    assert first.comment.status == Status.HELD
    assert first.decision.reasons[0] == "still held: hidden after reports, until a moderator decides"
    assert "trusted author: staff" in first.decision.reasons
    second = edit_comment(first.comment, "Reworded again.", editor=staff, browser_owns=False, now=clock.tick())
    assert Comment.objects.get(pk=comment.pk).status == Status.HELD
    assert second.comment.body == "Reworded again."
    assert was_hidden_by_reports(second.comment)  # the hold is still the reports': dismissing them publishes it
    dismiss_reports(second.comment, moderator=moderator, now=clock.tick())
    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED


def test_an_edit_of_a_comment_hidden_by_reports_is_still_rejected_by_a_banned_word(
    post, comment_on, make_user, hide_at_one_report, clock
):
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    member = make_user()
    comment = comment_on(post, "A remark people reported.", author=member).comment
    file_report(comment, reporter=make_user(), category="spam", now=clock.tick())
    edited = edit_comment(comment, "Cheap pills here.", editor=member, browser_owns=False, now=clock.tick())
    assert edited.comment.status == Status.REJECTED


def test_a_moderators_hold_stays_through_an_edit(post, comment_on, make_user, moderator, clock):
    member = make_user()
    comment = comment_on(post, "A remark a moderator wants to look at.", author=member).comment
    change_status_on_behalf(
        comment, Status.HELD, actor=moderator, reason="checking", action="comment.held", decided_by="moderator"
    )
    edited = edit_comment(comment, "Reworded.", editor=member, browser_owns=False, now=clock.tick())
    assert edited.comment.status == Status.HELD
    stored = ModerationDecision.objects.filter(comment=comment).order_by("-id").first()
    assert (stored.status, stored.decided_by, stored.moderator) == (Status.HELD, "moderator", moderator)


@pytest.mark.parametrize("remove", [reject_comment, mark_spam])
def test_a_removal_made_while_the_edit_was_checked_stands(
    post, comment_on, make_user, moderator, clock, monkeypatch, remove
):
    member = make_user()
    comment = comment_on(post, "Something a moderator is removing.", author=member).comment
    decide = services._decide

    def moderator_acts_meanwhile(context):
        decision = decide(context)
        remove(comment, moderator=moderator, reason="off topic")
        return decision

    monkeypatch.setattr(services, "_decide", moderator_acts_meanwhile)
    with pytest.raises(EditNotAllowed, match="removed by moderation, so it can no longer be edited"):
        edit_comment(comment, "Quickly reworded.", editor=member, browser_owns=False, now=clock.tick())
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.status != Status.PUBLISHED
    assert stored.body == "Something a moderator is removing."


def _mention(post, clock) -> Comment:
    draft = CommentDraft(
        thread=thread_for_post(post),
        body="Mentioned this post on my blog.",
        guest_name="blog.example",
        kind=CommentKind.WEBMENTION,
        source_url="https://blog.example/entry",
    )
    comment = submit_comment(draft, now=clock.tick()).comment
    change_status_on_behalf(
        comment,
        Status.REJECTED,
        actor=None,
        reason="the source no longer links here",
        action="mention.removed",
        decided_by=CommentKind.WEBMENTION,
    )
    return comment


def test_a_mention_its_source_took_down_comes_back_when_moderated_again(post, clock, settings):
    settings.CONFIG = settings.CONFIG.replace(hold_first_guest_comment=False)
    comment = _mention(post, clock)
    result = moderate_again(comment, "Linking here again.", now=clock.tick(), action="mention.updated")
    assert result.comment.status == Status.PUBLISHED
    assert Comment.objects.get(pk=comment.pk).body == "Linking here again."


def test_a_mention_its_source_took_down_may_come_back_held(post, clock):
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    comment = _mention(post, clock)
    result = moderate_again(comment, "Linking here again, lowlife.", now=clock.tick(), action="mention.updated")
    assert result.comment.status == Status.HELD


def test_a_mention_a_moderator_removed_is_not_rewritten(post, moderator, clock):
    comment = _mention(post, clock)
    Comment.objects.filter(pk=comment.pk).update(status=Status.PUBLISHED)
    reject_comment(comment, moderator=moderator, reason="spammy")
    with pytest.raises(EditNotAllowed):
        moderate_again(comment, "Linking here again.", now=clock.tick(), action="mention.updated")
