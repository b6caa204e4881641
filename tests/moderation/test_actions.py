"""Moderator actions: permission, guarded transitions, decision and audit records."""

import pytest
from django.core.exceptions import PermissionDenied

from stoa.discussion.models import Comment
from stoa.moderation.actions import approve_comment, mark_spam, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, AuditLogIsAppendOnly, ModerationDecision
from stoa.moderation.transitions import IllegalTransition
from stoa.people.roles import Role


@pytest.fixture
def held(post, comment_on):
    return comment_on(post, "Please look at this.").comment


@pytest.mark.parametrize(
    ("action", "status", "event"),
    [
        (approve_comment, Status.PUBLISHED, "comment.approved"),
        (reject_comment, Status.REJECTED, "comment.rejected"),
        (mark_spam, Status.SPAM, "comment.marked_spam"),
    ],
)
def test_each_action_changes_status_and_records_decision_and_audit(held, moderator, action, status, event):
    action(held, moderator=moderator, reason="checked")
    held.refresh_from_db()
    assert held.status == status
    decision = held.decisions.get(decided_by="moderator")
    assert (decision.status, decision.decided_by, decision.moderator, decision.reasons) == (
        status,
        "moderator",
        moderator,
        ["checked"],
    )
    audit = AuditEvent.objects.get(action=event)
    assert (audit.actor, audit.data) == (moderator, {"from": "held", "to": status.value})


@pytest.mark.parametrize("role", [Role.MEMBER, Role.AUTHOR])
def test_people_without_the_moderator_permission_are_refused(held, make_user, role):
    with pytest.raises(PermissionDenied):
        approve_comment(held, moderator=make_user(role=role))
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert not AuditEvent.objects.filter(action="comment.approved").exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.ADMIN])
def test_moderating_roles_may_approve(held, make_user, role):
    approve_comment(held, moderator=make_user(role=role))
    assert Comment.objects.get(pk=held.pk).status == Status.PUBLISHED


def test_illegal_transitions_are_refused_and_change_nothing(held, moderator):
    reject_comment(held, moderator=moderator)
    with pytest.raises(IllegalTransition, match="A rejected comment cannot be marked spam"):
        mark_spam(held, moderator=moderator)
    assert Comment.objects.get(pk=held.pk).status == Status.REJECTED
    assert ModerationDecision.objects.filter(comment=held, status="spam").count() == 0


def test_approving_twice_is_refused(held, moderator):
    approve_comment(held, moderator=moderator)
    with pytest.raises(IllegalTransition):
        approve_comment(held, moderator=moderator)


def test_a_rejected_comment_restored_keeps_its_first_number(post, comment_on, make_user, moderator):
    comment = comment_on(post, "Published", author=make_user()).comment
    reject_comment(comment, moderator=moderator)
    restored = approve_comment(comment, moderator=moderator)
    assert restored.number == 1


def test_the_audit_log_cannot_be_changed_or_deleted(held, moderator):
    approve_comment(held, moderator=moderator)
    event = AuditEvent.objects.get(action="comment.approved")
    event.action = "comment.rejected"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "comment.approved"
