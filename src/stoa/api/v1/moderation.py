"""``/api/v1/moderation``: the moderators' actions, each one call to the same function the queue's buttons call.

Each checks the moderator's permission, makes a guarded change, audits it and signals it (``stoa.moderation
.actions``). An action the comment's or member's state does not allow (approving a rejected comment twice, banning a
banned member) is a 409 problem with the action's own sentence. A rejection, spam marking or measure may cite a
community rule by id (``rule``); one that does not exist or is not active is a 422 on that field.
"""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status

from stoa.api.models import Scope
from stoa.api.v1.auth import caller_of, needs
from stoa.api.v1.problems import ApiProblem
from stoa.api.v1.representation import comment_data, relations_for
from stoa.api.v1.schemas import (
    CommentOut,
    EditAndApproveIn,
    MeasureIn,
    ReasonIn,
    RejectedPendingOut,
    RejectIn,
    SanctionOut,
    SuspendIn,
    answers,
)
from stoa.discussion.models import Comment
from stoa.moderation.actions import (
    MODERATE_PERMISSION,
    approve_comment,
    ban_author,
    edit_and_approve,
    mark_spam,
    premoderate_author,
    reject_comment,
    reject_pending_comments,
    suspend_author,
    warn_author,
)
from stoa.moderation.community_rules import citable_rule
from stoa.moderation.models import Sanction
from stoa.people.models import User

router = Router(tags=["moderation"])
_DECIDED = answers(CommentOut, 404, 409)
_SANCTIONED = answers(SanctionOut, 404, 409, statuses=(201,))


def _moderator(request: HttpRequest) -> User:
    """The moderator the request acts for; 403 before anything is looked up for anyone else."""
    member = caller_of(request).acting_member("moderate")
    if not member.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied(f"{member.username} is not a moderator: only moderators can do this.")
    return member


def _comment(comment_id: int) -> Comment:
    comment = Comment.objects.select_related("author", "thread").filter(pk=comment_id).first()
    if comment is None:
        raise ApiProblem("not-found", f"There is no comment with id {comment_id}.")
    return comment


def _reason(payload: ReasonIn | None) -> str:
    return payload.reason if payload is not None else ""


def _decide(request: HttpRequest, comment_id: int, decide, **fields) -> dict:
    moderator = _moderator(request)
    decided = decide(_comment(comment_id), moderator=moderator, **fields)
    decided = _comment(decided.pk)
    caller = caller_of(request)
    return comment_data(decided, caller, relations_for(caller))


@router.post("/moderation/comments/{comment_id}/approve", response=_DECIDED, auth=needs(Scope.MODERATE))
def moderation_approve(request: HttpRequest, comment_id: int, payload: ReasonIn | None = None):
    """Publish a held (or wrongly removed) comment; it is numbered now if it never was."""
    return _decide(request, comment_id, approve_comment, reason=_reason(payload))


@router.post("/moderation/comments/{comment_id}/reject", response=_DECIDED, auth=needs(Scope.MODERATE))
def moderation_reject(request: HttpRequest, comment_id: int, payload: RejectIn | None = None):
    """Remove a comment from view, citing a community rule if ``rule`` is given; it stays stored for the record and
    an appeal."""
    rule = citable_rule(payload.rule) if payload is not None else None
    return _decide(request, comment_id, reject_comment, reason=_reason(payload), rule=rule)


@router.post("/moderation/comments/{comment_id}/spam", response=_DECIDED, auth=needs(Scope.MODERATE))
def moderation_mark_spam(request: HttpRequest, comment_id: int, payload: RejectIn | None = None):
    """Mark a comment as spam, citing a community rule if ``rule`` is given."""
    rule = citable_rule(payload.rule) if payload is not None else None
    return _decide(request, comment_id, mark_spam, reason=_reason(payload), rule=rule)


@router.post("/moderation/comments/{comment_id}/edit-and-approve", response=_DECIDED, auth=needs(Scope.MODERATE))
def moderation_edit_and_approve(request: HttpRequest, comment_id: int, payload: EditAndApproveIn):
    """Publish a held comment with the moderator's text (the original is kept nowhere)."""
    return _decide(request, comment_id, edit_and_approve, new_text=payload.body, reason=_reason(payload))


# Measures against a member.


def _member(username: str) -> User:
    member = User.objects.filter(username=username).first()
    if member is None:
        raise ApiProblem("not-found", f"There is no member named {username!r}.")
    return member


def _their_comment(member: User, comment_id: int | None) -> Comment | None:
    if comment_id is None:
        return None
    comment = Comment.objects.filter(pk=comment_id, author=member).first()
    if comment is None:
        message = f"There is no comment with id {comment_id} by {member.username}."
        error = {"field": "comment", "source": "body", "message": message}
        raise ApiProblem("invalid-request", f"comment (body): {message}", errors=[error])
    return comment


def _sanction_data(sanction: Sanction) -> dict:
    return {
        "id": sanction.pk,
        "member": sanction.member.username,
        "kind": sanction.kind,
        "reason": sanction.reason,
        "comment": sanction.comment_id,
        "rule": sanction.rule_id,
        "created_at": sanction.created_at,
        "ends_at": sanction.ends_at,
    }


def _measure(request: HttpRequest, username: str, payload: MeasureIn | None, act) -> Status:
    moderator = _moderator(request)
    member = _member(username)
    payload = payload or MeasureIn()
    comment, rule = _their_comment(member, payload.comment), citable_rule(payload.rule)
    sanction = act(member, moderator=moderator, reason=payload.reason, comment=comment, rule=rule)
    return Status(201, _sanction_data(sanction))


@router.post("/moderation/members/{username}/warn", response=_SANCTIONED, auth=needs(Scope.MODERATE))
def moderation_warn(request: HttpRequest, username: str, payload: MeasureIn | None = None):
    """Record a warning; it changes nothing the member can do, but stays in their history."""
    return _measure(request, username, payload, warn_author)


@router.post("/moderation/members/{username}/suspend", response=_SANCTIONED, auth=needs(Scope.MODERATE))
def moderation_suspend(request: HttpRequest, username: str, payload: SuspendIn):
    """Refuse the member's comments for a period (24h, 72h, 7d or 30d)."""
    return _measure(request, username, payload, partial(suspend_author, period=payload.period))


@router.post("/moderation/members/{username}/ban", response=_SANCTIONED, auth=needs(Scope.MODERATE))
def moderation_ban(request: HttpRequest, username: str, payload: MeasureIn | None = None):
    """Refuse the member's comments until a moderator lifts the ban."""
    return _measure(request, username, payload, ban_author)


@router.post("/moderation/members/{username}/premoderate", response=_SANCTIONED, auth=needs(Scope.MODERATE))
def moderation_premoderate(request: HttpRequest, username: str, payload: MeasureIn | None = None):
    """Hold every comment the member writes for review until lifted."""
    return _measure(request, username, payload, premoderate_author)


@router.post(
    "/moderation/members/{username}/reject-pending",
    response=answers(RejectedPendingOut, 404),
    auth=needs(Scope.MODERATE),
)
def moderation_reject_pending(request: HttpRequest, username: str, payload: MeasureIn | None = None):
    """Reject every held comment of the member."""
    moderator = _moderator(request)
    member = _member(username)
    payload = payload or MeasureIn()
    comment, rule = _their_comment(member, payload.comment), citable_rule(payload.rule)
    rejected = reject_pending_comments(member, moderator=moderator, reason=payload.reason, comment=comment, rule=rule)
    return {"member": member.username, "rejected": [each.pk for each in rejected]}
