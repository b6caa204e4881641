"""Appeals: one per decision or sanction, within the window, decided by a different moderator, and what reversing
does; the member's pages and the moderators' queue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stoa.discussion.errors import CommentRefused
from stoa.moderation.actions import (
    approve_comment,
    ban_author,
    lift_sanction,
    premoderate_author,
    reject_comment,
    suspend_author,
    warn_author,
)
from stoa.moderation.appeals import (
    AUTOMATIC_REASON,
    AppealDecisionRefused,
    AppealRefused,
    appealable_by,
    deny_appeal,
    file_decision_appeal,
    file_sanction_appeal,
    uphold_appeal,
)
from stoa.moderation.decisions import Status
from stoa.moderation.models import Appeal, AuditEvent, WordRule
from stoa.people.roles import Role
from stoa.people.services import assign_role

State = Appeal.State
DAY = dt.timedelta(days=1)


@pytest.fixture
def member(make_user):
    return make_user("mia")


@pytest.fixture
def first_mod(make_user):
    return make_user("fiona", role=Role.MODERATOR)


@pytest.fixture
def second_mod(make_user):
    return make_user("gustav", role=Role.MODERATOR)


@pytest.fixture
def removed(post, comment_on, member, first_mod, clock):
    """A member's published comment that ``first_mod`` rejected at ``clock.now``; returns the decision."""
    comment = comment_on(post, "A remark some found rude", author=member).comment
    reject_comment(comment, moderator=first_mod, reason="Rule 2: no personal attacks", now=clock.tick())
    return comment.decisions.order_by("-id").first()


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_a_member_appeals_a_removal_once_and_it_is_audited(removed, member, clock):
    appeal = file_decision_appeal(removed, member=member, text="It was a joke between friends.", now=clock.tick())
    assert (appeal.status, appeal.decision, appeal.appellant) == (State.PENDING, removed, member)
    [filed] = events("appeal.filed")
    assert (filed.actor, filed.target_id, filed.data["decision"]) == (member, str(appeal.pk), removed.pk)
    with pytest.raises(AppealRefused, match="already appealed this decision"):
        file_decision_appeal(removed, member=member, text="Again.", now=clock.tick())
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(("days", "allowed"), [(20, True), (20.0001, False)])
def test_the_window_is_twenty_days_by_default(removed, member, days, allowed):
    when = removed.created_at + dt.timedelta(days=days)
    if allowed:
        assert file_decision_appeal(removed, member=member, text="Please look again.", now=when).pk
    else:
        with pytest.raises(AppealRefused, match="The 20 days to appeal ended on"):
            file_decision_appeal(removed, member=member, text="Please look again.", now=when)


def test_the_window_is_a_setting(removed, member, settings):
    settings.CONFIG = settings.CONFIG.replace(appeal_window_days=2)
    with pytest.raises(AppealRefused, match="The 2 days to appeal"):
        file_decision_appeal(removed, member=member, text="Please.", now=removed.created_at + 3 * DAY)


def test_only_the_author_may_appeal_and_only_a_removal_that_still_stands(removed, member, make_user, first_mod, clock):
    with pytest.raises(AppealRefused, match="your own comments"):
        file_decision_appeal(removed, member=make_user("nosy"), text="Not mine.", now=clock.tick())
    approve_comment(removed.comment, moderator=first_mod, now=clock.tick())
    with pytest.raises(AppealRefused, match="no longer applies"):
        file_decision_appeal(removed, member=member, text="Already back.", now=clock.tick())
    published = removed.comment.decisions.order_by("-id").first()
    with pytest.raises(AppealRefused, match="Only the removal of a comment"):
        file_decision_appeal(published, member=member, text="?", now=clock.tick())


def test_an_empty_appeal_is_refused(removed, member, clock):
    with pytest.raises(AppealRefused, match="Say why"):
        file_decision_appeal(removed, member=member, text="   ", now=clock.tick())


def test_the_moderator_who_decided_cannot_decide_the_appeal(removed, member, first_mod, clock):
    appeal = file_decision_appeal(removed, member=member, text="Unfair.", now=clock.tick())
    with pytest.raises(AppealDecisionRefused, match="A different moderator must decide this appeal"):
        uphold_appeal(appeal, moderator=first_mod, now=clock.tick())
    with pytest.raises(AppealDecisionRefused, match="A different moderator"):
        deny_appeal(appeal, moderator=first_mod, now=clock.tick())
    appeal.refresh_from_db()
    assert appeal.status == State.PENDING and not events("appeal.upheld") and not events("appeal.denied")


def test_members_and_the_appellant_cannot_decide(removed, member, make_user, clock):
    appeal = file_decision_appeal(removed, member=member, text="Unfair.", now=clock.tick())
    with pytest.raises(PermissionDenied, match="Only moderators"):
        deny_appeal(appeal, moderator=make_user("bystander"), now=clock.tick())
    assign_role(member, Role.MODERATOR)
    member_turned_mod = type(member).objects.get(pk=member.pk)  # fresh: no stale permission cache
    with pytest.raises(AppealDecisionRefused, match="your own appeal"):
        uphold_appeal(appeal, moderator=member_turned_mod, now=clock.tick())


def test_upholding_a_removal_publishes_the_comment_again(removed, member, second_mod, clock):
    appeal = file_decision_appeal(removed, member=member, text="Context matters.", now=clock.tick())
    decided = uphold_appeal(appeal, moderator=second_mod, reason="Banter, not an attack.", now=clock.tick())
    removed.comment.refresh_from_db()
    assert removed.comment.status == Status.PUBLISHED
    latest = removed.comment.decisions.order_by("-id").first()
    assert (latest.moderator, latest.reasons) == (second_mod, ["appeal upheld: Banter, not an attack."])
    assert (decided.status, decided.decided_by, decided.outcome_reason) == (
        State.UPHELD,
        second_mod,
        "Banter, not an attack.",
    )
    [event] = events("appeal.upheld")
    assert (event.actor, event.reasons) == (second_mod, ["Banter, not an attack."])
    with pytest.raises(AppealDecisionRefused, match="already been decided"):
        deny_appeal(decided, moderator=second_mod, now=clock.tick())


def test_denying_leaves_the_comment_removed(removed, member, second_mod, clock):
    appeal = file_decision_appeal(removed, member=member, text="Context matters.", now=clock.tick())
    deny_appeal(appeal, moderator=second_mod, now=clock.tick())
    removed.comment.refresh_from_db()
    assert removed.comment.status == Status.REJECTED
    assert [e.data["status"] for e in events("appeal.denied")] == [State.DENIED]


def test_a_removal_by_the_automatic_checks_can_be_appealed_without_showing_its_reasons(
    post, comment_on, member, first_mod, clock
):
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    comment = comment_on(post, "Buy cheap pills", author=member).comment
    assert comment.status == Status.REJECTED
    decision = comment.decisions.get()
    appeal = file_decision_appeal(decision, member=member, text="I was quoting a spam mail.", now=clock.tick())
    uphold_appeal(appeal, moderator=first_mod, now=clock.tick())  # the pipeline decided: any moderator may
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED


def test_an_upheld_suspension_appeal_lifts_it_and_the_member_can_comment(
    post, comment_on, member, first_mod, second_mod, clock
):
    suspension = suspend_author(member, moderator=first_mod, period="30d", reason="Rule 3", now=clock.tick())
    with pytest.raises(CommentRefused):
        comment_on(post, "Let me speak", author=member)
    appeal = file_sanction_appeal(suspension, member=member, text="A misunderstanding.", now=clock.tick())
    with pytest.raises(AppealDecisionRefused, match="A different moderator"):
        uphold_appeal(appeal, moderator=first_mod, now=clock.tick())
    uphold_appeal(appeal, moderator=second_mod, reason="Misread the thread.", now=clock.tick())
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None and not suspension.applies_at(clock.tick())
    assert events("author.sanction_lifted")[0].reasons == ["appeal upheld: Misread the thread."]
    assert comment_on(post, "Thank you for looking again", author=member).comment.pk


def test_an_upheld_warning_appeal_withdraws_it(member, first_mod, second_mod, clock):
    warning = warn_author(member, moderator=first_mod, reason="Tone", now=clock.tick())
    appeal = file_sanction_appeal(warning, member=member, text="I was polite.", now=clock.tick())
    uphold_appeal(appeal, moderator=second_mod, now=clock.tick())
    warning.refresh_from_db()
    assert warning.lifted_at is not None
    [withdrawn] = events("author.warning_withdrawn")
    assert (withdrawn.actor, withdrawn.data["sanction"]) == (second_mod, warning.pk)


def test_a_denied_ban_appeal_leaves_the_ban(member, first_mod, second_mod, clock):
    ban = ban_author(member, moderator=first_mod, reason="Spam run", now=clock.tick())
    appeal = file_sanction_appeal(ban, member=member, text="Hacked account.", now=clock.tick())
    deny_appeal(appeal, moderator=second_mod, now=clock.tick())
    ban.refresh_from_db()
    assert ban.applies_at(clock.tick())


def test_sanction_appeals_are_one_each_own_only_and_not_once_lifted(member, make_user, first_mod, second_mod, clock):
    ban = ban_author(member, moderator=first_mod, reason="x", now=clock.tick())
    with pytest.raises(AppealRefused, match="measures taken against you"):
        file_sanction_appeal(ban, member=make_user("nosy"), text="?", now=clock.tick())
    file_sanction_appeal(ban, member=member, text="Please.", now=clock.tick())
    with pytest.raises(AppealRefused, match="already appealed this measure"):
        file_sanction_appeal(ban, member=member, text="Please!", now=clock.tick())
    other = make_user("nico")
    held = premoderate_author(other, moderator=first_mod, reason="y", now=clock.tick())
    lift_sanction(held, moderator=second_mod, now=clock.tick())
    with pytest.raises(AppealRefused, match="already been lifted"):
        file_sanction_appeal(held, member=other, text="?", now=clock.tick())


def test_appealable_lists_what_is_still_open(removed, member, first_mod):
    warning = warn_author(member, moderator=first_mod, reason="Tone", now=removed.created_at)
    now_open = appealable_by(member, now=removed.created_at + DAY)
    assert (now_open.decisions, now_open.sanctions) == ([removed], [warning])
    file_decision_appeal(removed, member=member, text="Please.", now=removed.created_at + DAY)
    later = appealable_by(member, now=removed.created_at + 21 * DAY)
    assert later.decisions == [] and later.sanctions == []


def test_appealable_costs_the_same_queries_for_one_removal_and_sanction_or_many(
    post, comment_on, member, first_mod, clock
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def remove_and_warn() -> None:
        comment = comment_on(post, f"A remark {clock.tick()}", author=member).comment
        reject_comment(comment, moderator=first_mod, reason="Rule 2", now=clock.tick())
        warn_author(member, moderator=first_mod, reason="Tone", now=clock.tick())

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = appealable_by(member, now=clock.now)
        return len(captured), len(found.decisions) + len(found.sanctions)

    remove_and_warn()
    one, listed = queries()
    assert listed == 2
    for _ in range(3):
        remove_and_warn()
    assert queries() == (one, 8)


# The pages


def test_the_appeal_page_shows_the_rule_the_comment_and_the_deadline_then_files(client, removed, member):
    client.force_login(member)
    url = reverse("moderation:appeal_decision", args=[removed.pk])
    page = client.get(url).content.decode()
    assert (
        "Rule 2: no personal attacks" in page and "A remark some found rude" in page and "You can appeal once" in page
    )
    assert "fiona" not in page
    empty = client.post(url, {"text": ""}).content.decode()
    assert "Say why you think the decision was wrong." in empty and not Appeal.objects.exists()
    response = client.post(url, {"text": "Context, please."}, follow=True)
    appeal = Appeal.objects.get()
    assert response.redirect_chain[-1][0] == reverse("moderation:appeal", args=[appeal.pk])
    assert "Your appeal is filed" in response.content.decode()
    again = client.post(url, {"text": "Twice?"}).content.decode()
    assert "already appealed this decision" in again


def test_nobody_else_reaches_a_members_appeal_pages(client, removed, member, make_user):
    client.force_login(make_user("nosy"))
    assert client.get(reverse("moderation:appeal_decision", args=[removed.pk])).status_code == 404
    appeal = file_decision_appeal(removed, member=member, text="Please.")
    assert client.get(reverse("moderation:appeal", args=[appeal.pk])).status_code == 404


def test_a_sanction_appeal_page_and_the_members_own_page(client, post, comment_on, member, first_mod):
    comment = comment_on(post, "The remark in question", author=member).comment
    ban = ban_author(member, moderator=first_mod, reason="Rule 4: no spam", comment=comment)
    client.force_login(member)
    page = client.get(reverse("moderation:appeal_sanction", args=[ban.pk])).content.decode()
    assert "A ban on your account" in page and "Rule 4: no spam" in page and "The remark in question" in page
    mine = client.get(reverse("moderation:my_appeals")).content.decode()
    assert reverse("moderation:appeal_sanction", args=[ban.pk]) in mine


def test_moderators_decide_from_the_page_and_the_original_moderator_is_refused(
    client, removed, member, first_mod, second_mod
):
    appeal = file_decision_appeal(removed, member=member, text="Please look again.")
    client.force_login(first_mod)
    review = client.get(reverse("moderation:appeals_review")).content.decode()
    assert "Please look again." in review
    detail = client.get(reverse("moderation:appeal", args=[appeal.pk])).content.decode()
    assert "You made the decision this appeals" in detail
    decide = reverse("moderation:decide_appeal", args=[appeal.pk])
    refused = client.post(decide, {"outcome": "uphold"}, follow=True).content.decode()
    assert "A different moderator must decide this appeal: you made the decision it appeals." in refused
    client.force_login(second_mod)
    done = client.post(decide, {"outcome": "uphold", "reason": "Fair point."}, follow=True).content.decode()
    assert "Appeal upheld: the decision is reversed." in done
    removed.comment.refresh_from_db()
    assert removed.comment.status == Status.PUBLISHED
    client.force_login(member)
    seen = client.get(reverse("moderation:appeal", args=[appeal.pk])).content.decode()
    assert "Upheld: the decision was reversed" in seen and "Fair point." in seen and "gustav" not in seen


def test_members_cannot_reach_the_appeals_queue_or_decide(client, removed, member, make_user):
    appeal = file_decision_appeal(removed, member=member, text="Please.")
    client.force_login(make_user("bystander"))
    assert client.get(reverse("moderation:appeals_review")).status_code == 403
    assert client.post(reverse("moderation:decide_appeal", args=[appeal.pk]), {"outcome": "uphold"}).status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == State.PENDING


def test_automatic_reasons_are_never_shown(post, comment_on, member, client):
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    comment = comment_on(post, "Buy cheap pills", author=member).comment
    client.force_login(member)
    page = client.get(reverse("moderation:appeal_decision", args=[comment.decisions.get().pk])).content.decode()
    assert AUTOMATIC_REASON.replace("'", "&#x27;") in page and "banned word" not in page
