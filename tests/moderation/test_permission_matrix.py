"""Every moderation action × every role: admins, editors and moderators may; authors, members and guests may not.

Each action is called through its service function on a fresh object it could legally act on, so a refusal can
only come from the permission check (and an allowed call must succeed and change something).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from stoa.moderation import actions, appeals, reports
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Sanction
from stoa.people.roles import Role
from stoa.safety.models import Shield
from stoa.safety.shields import open_shield

ALLOWED = {Role.ADMIN, Role.EDITOR, Role.MODERATOR}
ROLES = [*Role, None]  # None: a signed-out visitor


@pytest.fixture
def held(post, comment_on, make_user):
    return comment_on(post, "A held first comment from a guest.", email="held@example.org").comment


@pytest.fixture
def target_member(make_user):
    return make_user("target")


@pytest.fixture
def reported(post, comment_on, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=100.0)
    comment = comment_on(post, "A published comment by a member.", author=make_user("writer2")).comment
    reports.file_report(comment, reporter=make_user("reporter"), category="spam")
    return comment


def _suspension(target_member, moderator):
    return actions.suspend_author(target_member, moderator=moderator, period="24h", reason="cool off")


ACTIONS: dict[str, Callable] = {
    "approve": lambda f, who: actions.approve_comment(f("held"), moderator=who),
    "reject": lambda f, who: actions.reject_comment(f("held"), moderator=who, reason="rude"),
    "spam": lambda f, who: actions.mark_spam(f("held"), moderator=who),
    "edit and approve": lambda f, who: actions.edit_and_approve(f("held"), moderator=who, new_text="Edited text."),
    "warn": lambda f, who: actions.warn_author(f("target_member"), moderator=who, reason="tone"),
    "suspend": lambda f, who: actions.suspend_author(f("target_member"), moderator=who, period="72h", reason="x"),
    "ban": lambda f, who: actions.ban_author(f("target_member"), moderator=who, reason="x"),
    "premoderate": lambda f, who: actions.premoderate_author(f("target_member"), moderator=who, reason="x"),
    "reject pending": lambda f, who: actions.reject_pending_comments(f("target_member"), moderator=who),
    "lift sanction": lambda f, who: actions.lift_sanction(
        _suspension(f("target_member"), f("moderator")), moderator=who, reason="early"
    ),
    "uphold reports": lambda f, who: reports.uphold_reports(f("reported"), moderator=who),
    "dismiss reports": lambda f, who: reports.dismiss_reports(f("reported"), moderator=who),
    "open a shield on someone": lambda f, who: open_shield(
        "member:target", "target", origin=Shield.Origin.MODERATOR, reason="x", member=f("target_member"), by=who
    ),
    "decide an appeal": lambda f, who: appeals.deny_appeal(_appeal(f), moderator=who, reason="stands"),
}


def _appeal(f):
    """An appeal of a warning given by ``moderator`` (so a different moderator may decide it)."""
    warning = actions.warn_author(f("target_member"), moderator=f("moderator"), reason="tone")
    return appeals.file_sanction_appeal(warning, member=f("target_member"), text="I was quoting someone.")


@pytest.mark.parametrize("action", list(ACTIONS), ids=list(ACTIONS))
@pytest.mark.parametrize("role", ROLES, ids=[str(role) for role in ROLES])
def test_each_action_for_each_role(request, make_user, action, role):
    fixture = request.getfixturevalue
    who = AnonymousUser() if role is None else make_user(f"acting-{role}", role=role)
    events_before = AuditEvent.objects.count()
    if role in ALLOWED:
        ACTIONS[action](fixture, who)
        assert AuditEvent.objects.count() > events_before
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](fixture, who)


def test_a_refused_action_changes_nothing(held, make_user, target_member):
    member = make_user(role=Role.MEMBER)
    for call in (ACTIONS["approve"], ACTIONS["ban"]):
        with pytest.raises(PermissionDenied):
            call({"held": held, "target_member": target_member}.get, member)
    held.refresh_from_db()
    assert held.status == Status.HELD and not Sanction.objects.exists()
