"""Measures against authors: warn, suspend, ban, pre-moderate, reject all held; the gate and rule that enforce them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stoa.discussion.errors import CommentRefused
from stoa.moderation.actions import (
    IllegalSanction,
    ban_author,
    lift_sanction,
    premoderate_author,
    reject_pending_comments,
    suspend_author,
    warn_author,
)
from stoa.moderation.context import AuthorHistory, ModerationContext
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Sanction
from stoa.moderation.phases.author_sanctions import check_author_premoderated, check_author_sanctions
from stoa.moderation.signals import author_sanctioned
from stoa.people.roles import Role

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
SANCTIONS = [
    (warn_author, {}, Sanction.Kind.WARNING),
    (suspend_author, {"period": "72h"}, Sanction.Kind.SUSPENSION),
    (ban_author, {}, Sanction.Kind.BAN),
    (premoderate_author, {}, Sanction.Kind.PREMODERATION),
]


@pytest.fixture
def member(make_user):
    return make_user("marta")


def _context(**history) -> ModerationContext:
    return ModerationContext(text="Hello there.", now=NOW, author=AuthorHistory(is_member=True, **history))


def test_the_gate_refuses_a_ban_and_a_running_suspension_saying_until_when():
    banned = check_author_sanctions(_context(banned=True))
    assert (banned.code, banned.message) == ("author_banned", "You are banned from commenting on this site.")
    suspended = check_author_sanctions(_context(suspended_until=NOW + dt.timedelta(days=7)))
    assert suspended.code == "author_suspended"
    assert suspended.message == "You are suspended from commenting until 05 Dec 2026, 12:00 UTC."
    assert check_author_sanctions(_context(suspended_until=NOW)) is None
    assert check_author_sanctions(_context()) is None


def test_the_premoderation_rule_holds_with_its_reason():
    signal = check_author_premoderated(_context(premoderated=True))
    assert (signal.verdict, signal.reason) == ("review", "this author's comments are pre-moderated")
    assert check_author_premoderated(_context()) is None


@pytest.mark.parametrize(("action", "extra", "kind"), SANCTIONS)
def test_each_sanction_is_stored_audited_and_signalled(
    member, moderator, action, extra, kind, django_capture_on_commit_callbacks
):
    sent = []
    author_sanctioned.connect(lambda **kwargs: sent.append(kwargs["sanction"]), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            sanction = action(member, moderator=moderator, reason="rule 2", now=NOW, **extra)
    finally:
        author_sanctioned.disconnect(dispatch_uid="t")
    assert (sanction.member, sanction.kind, sanction.reason, sanction.created_by) == (member, kind, "rule 2", moderator)
    event = AuditEvent.objects.get(action=f"author.{kind.value}")
    assert (event.actor, event.target_id, event.reasons) == (moderator, str(member.pk), ["rule 2"])
    assert sent == [sanction]


@pytest.mark.parametrize(("action", "extra", "kind"), SANCTIONS)
@pytest.mark.parametrize("role", [Role.MEMBER, Role.AUTHOR])
def test_people_without_the_moderator_permission_are_refused(member, make_user, action, extra, kind, role):
    with pytest.raises(PermissionDenied):
        action(member, moderator=make_user(role=role), reason="", **extra)
    assert not Sanction.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="author.").exists()


def test_a_suspension_refuses_comments_until_it_ends_then_allows_them(post, comment_on, member, moderator, clock):
    suspension = suspend_author(member, moderator=moderator, period="24h", reason="cooling off", now=clock.now)
    assert suspension.ends_at == clock.now + dt.timedelta(hours=24)
    with pytest.raises(CommentRefused, match="suspended from commenting until") as refused:
        comment_on(post, "Let me back in.", author=member, now=clock.tick(3600))
    assert refused.value.code == "author_suspended"
    later = comment_on(post, "I am back.", author=member, now=clock.now + dt.timedelta(hours=24, minutes=1))
    assert later.comment.status == Status.PUBLISHED


def test_a_ban_refuses_comments_until_it_is_lifted(post, comment_on, member, moderator, clock):
    ban = ban_author(member, moderator=moderator, reason="threats", now=clock.now)
    with pytest.raises(CommentRefused, match="banned") as refused:
        comment_on(post, "Still here.", author=member)
    assert refused.value.code == "author_banned"
    lift_sanction(ban, moderator=moderator, reason="appeal upheld", now=clock.tick())
    assert comment_on(post, "Thank you.", author=member).comment.status == Status.PUBLISHED
    assert AuditEvent.objects.filter(action="author.sanction_lifted", reasons=["appeal upheld"]).exists()


def test_premoderation_holds_the_authors_comments_with_its_reason(post, comment_on, member, moderator):
    premoderate_author(member, moderator=moderator, reason="")
    submitted = comment_on(post, "A perfectly ordinary comment.", author=member)
    assert submitted.comment.status == Status.HELD
    assert "this author's comments are pre-moderated" in submitted.decision.reasons


def test_reject_pending_rejects_only_that_authors_held_comments(post, comment_on, member, make_user, moderator):
    other = make_user("otto")
    for person in (member, other):
        premoderate_author(person, moderator=moderator, reason="")
    mine = [comment_on(post, f"Held remark {n}", author=member).comment for n in (1, 2)]
    theirs = comment_on(post, "Otto's held remark", author=other).comment
    guest = comment_on(post, "A guest's held remark").comment
    rejected = reject_pending_comments(member, moderator=moderator, reason="sweep")
    assert [c.pk for c in rejected] == [c.pk for c in mine]
    for comment, status in (
        (mine[0], Status.REJECTED),
        (mine[1], Status.REJECTED),
        (theirs, Status.HELD),
        (guest, Status.HELD),
    ):
        comment.refresh_from_db()
        assert comment.status == status
    event = AuditEvent.objects.get(action="author.pending_rejected")
    assert event.data == {"comments": [c.pk for c in mine]}
    assert AuditEvent.objects.filter(action="comment.rejected").count() == 2


def test_reject_pending_is_refused_to_members(member, make_user):
    with pytest.raises(PermissionDenied):
        reject_pending_comments(member, moderator=make_user(role=Role.MEMBER))


def test_warnings_are_recorded_and_may_repeat(member, moderator):
    warn_author(member, moderator=moderator, reason="first")
    warn_author(member, moderator=moderator, reason="second")
    assert list(member.sanctions.values_list("reason", flat=True)) == ["second", "first"]
    assert AuditEvent.objects.filter(action="author.warning").count() == 2


def test_illegal_sanctions_are_refused(member, moderator):
    warning = warn_author(member, moderator=moderator, reason="", now=NOW)
    with pytest.raises(IllegalSanction, match="cannot be lifted"):
        lift_sanction(warning, moderator=moderator, now=NOW)
    with pytest.raises(IllegalSanction, match="not '1y'"):
        suspend_author(member, moderator=moderator, period="1y", reason="", now=NOW)
    suspension = suspend_author(member, moderator=moderator, period="24h", reason="", now=NOW)
    with pytest.raises(IllegalSanction, match="already under a suspension"):
        suspend_author(member, moderator=moderator, period="7d", reason="", now=NOW)
    ban = ban_author(member, moderator=moderator, reason="", now=NOW)
    with pytest.raises(IllegalSanction, match="already under a ban"):
        premoderate_author(member, moderator=moderator, reason="", now=NOW)
    lift_sanction(ban, moderator=moderator, now=NOW)
    with pytest.raises(IllegalSanction, match="already lifted or over"):
        lift_sanction(ban, moderator=moderator, now=NOW)
    with pytest.raises(IllegalSanction, match="already lifted or over"):
        lift_sanction(suspension, moderator=moderator, now=NOW + dt.timedelta(days=2))
    assert AuditEvent.objects.filter(action="author.sanction_lifted").count() == 1


def test_the_queue_offers_the_author_form_only_for_members(client, post, comment_on, member, moderator):
    premoderate_author(member, moderator=moderator, reason="")
    held = comment_on(post, "Held member remark", author=member).comment
    comment_on(post, "Held guest remark")
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert page.count('class="author-actions"') == 1
    assert reverse("moderation:author_action", args=[held.pk]) in page


def test_the_author_form_applies_the_chosen_measure(client, post, comment_on, member, moderator):
    premoderate_author(member, moderator=moderator, reason="")
    held = comment_on(post, "Held member remark", author=member).comment
    client.force_login(moderator)
    url = reverse("moderation:author_action", args=[held.pk])
    response = client.post(url, {"action": "suspend_7d", "reason": "insults"}, follow=True)
    assert "marta suspended for 7 days." in response.content.decode()
    assert member.sanctions.get(kind=Sanction.Kind.SUSPENSION).reason == "insults"
    client.post(url, {"action": "reject_pending", "reason": ""})
    held.refresh_from_db()
    assert held.status == Status.REJECTED


def test_the_author_form_refuses_guests_unknown_actions_and_members(client, post, comment_on, member, make_user):
    guest = comment_on(post, "Held guest remark").comment
    client.force_login(make_user("boss", role=Role.MODERATOR))
    page = client.post(reverse("moderation:author_action", args=[guest.pk]), {"action": "ban"}, follow=True)
    assert "guests cannot be sanctioned" in page.content.decode()
    client.force_login(member)
    assert client.post(reverse("moderation:author_action", args=[guest.pk]), {"action": "ban"}).status_code == 403
    assert not Sanction.objects.exists()
