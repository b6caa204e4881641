"""Status changes made on someone's behalf (a removal request, the later folder) name who decided, and a take-down
of a comment already removed changes nothing."""

from __future__ import annotations

import inspect

from stoa.moderation.actions import change_status_on_behalf, mark_spam
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.safety import removals
from stoa.safety.models import RemovalRequest

State = RemovalRequest.State


def _request(subject, requester):
    return removals.file_removal_request(
        subject=subject,
        requester=requester,
        requester_name="Natasha Allmark",
        requester_email="",
        what=RemovalRequest.What.PHOTO,
        why="It shows me without my consent.",
        change_asked="Take it down.",
    )


def test_decided_by_is_a_required_keyword():
    parameter = inspect.signature(change_status_on_behalf).parameters["decided_by"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is inspect.Parameter.empty


def test_the_authors_own_take_down_is_recorded_as_the_authors(post, comment_on, make_user):
    comment = comment_on(post, "Here is a photo of her house.", author=make_user("carl")).comment
    filed = _request(comment, make_user("nat"))
    removals.answer_as_author(filed, author=comment.author, action="remove", answer="")
    decision = ModerationDecision.objects.filter(comment=comment).order_by("-id").first()
    assert (decision.status, decision.decided_by) == (Status.REJECTED, "author")


def test_a_moderator_upholding_a_request_on_a_comment_already_marked_spam_changes_nothing(
    post, comment_on, make_user, moderator
):
    comment = comment_on(post, "Here is a photo of her house.", author=make_user("carl")).comment
    filed = _request(comment, make_user("nat"))
    removals.answer_as_author(filed, author=comment.author, action="decline", answer="It is public anyway.")
    mark_spam(comment, moderator=moderator)
    decisions = ModerationDecision.objects.filter(comment=comment).count()
    removals.decide_as_moderator(filed, moderator=moderator, uphold=True, answer="Removed.")
    comment.refresh_from_db()
    filed.refresh_from_db()
    assert (comment.status, filed.state) == (Status.SPAM, State.UPHELD)
    assert ModerationDecision.objects.filter(comment=comment).count() == decisions


def test_a_moderator_upholding_a_request_is_recorded_as_a_moderators_decision(post, comment_on, make_user, moderator):
    comment = comment_on(post, "Here is a photo of her house.", author=make_user("carl")).comment
    filed = _request(comment, make_user("nat"))
    removals.answer_as_author(filed, author=comment.author, action="decline", answer="It is public anyway.")
    removals.decide_as_moderator(filed, moderator=moderator, uphold=True, answer="Removed.")
    decision = ModerationDecision.objects.filter(comment=comment).order_by("-id").first()
    assert (decision.status, decision.decided_by, decision.moderator) == (Status.REJECTED, "moderator", moderator)
