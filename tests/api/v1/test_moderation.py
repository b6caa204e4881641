"""Moderation over the API: the queue's own action functions, with their permission checks and transitions."""

import pytest

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Sanction
from tests.api.v1.conftest import assert_problem


@pytest.fixture
def mod_key(make_key, moderator) -> str:
    return make_key("moderate", member=moderator)


@pytest.fixture
def held(post, comment_on, settings, make_user):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    return comment_on(post, "Please call me on my private line.", author=make_user("hal")).comment


def test_approving_a_held_comment_publishes_and_numbers_it(api, mod_key, held, moderator):
    response = api.post(f"/moderation/comments/{held.pk}/approve", {"reason": "fine"}, key=mod_key)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["number"]) == ("published", 1)
    decision = held.decisions.order_by("-id").first()
    assert (decision.moderator, decision.reasons) == (moderator, ["fine"])
    assert AuditEvent.objects.filter(action="comment.approved").exists()


def test_an_action_needs_no_body(client, mod_key, held):
    response = client.post(
        f"/api/v1/moderation/comments/{held.pk}/reject",
        data="",
        content_type="application/json",
        headers={"Authorization": f"Bearer {mod_key}"},
    )
    assert (response.status_code, response.json()["status"]) == (200, "rejected")


def test_an_illegal_transition_is_409_with_the_reason(api, mod_key, held):
    api.post(f"/moderation/comments/{held.pk}/spam", key=mod_key)
    problem = assert_problem(api.post(f"/moderation/comments/{held.pk}/reject", key=mod_key), 409, "illegal-transition")
    assert problem["detail"] == "A spam comment cannot be marked rejected."


def test_a_member_who_is_not_a_moderator_is_403(api, make_key, make_user, held):
    key = make_key("moderate", member=make_user())
    assert_problem(api.post(f"/moderation/comments/{held.pk}/approve", key=key), 403, "forbidden")
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_moderating_needs_the_moderate_scope(api, make_key, moderator, held):
    key = make_key("read", "comment", member=moderator)
    assert_problem(api.post(f"/moderation/comments/{held.pk}/approve", key=key), 403, "scope-missing")


def test_edit_and_approve_publishes_the_moderators_text(api, mod_key, held):
    response = api.post(f"/moderation/comments/{held.pk}/edit-and-approve", {"body": "Please call me."}, key=mod_key)
    assert response.json()["body_html"] == "<p>Please call me.</p>"
    assert Comment.objects.get(pk=held.pk).body == "Please call me."


def test_an_empty_edit_is_422_on_the_body_field(api, mod_key, held):
    response = api.post(f"/moderation/comments/{held.pk}/edit-and-approve", {"body": "  "}, key=mod_key)
    problem = assert_problem(response, 422, "invalid-edit")
    assert problem["errors"][0]["field"] == "body"
    assert problem["detail"].startswith("The edited text is empty")


def test_an_unknown_comment_is_404(api, mod_key, db):
    assert_problem(api.post("/moderation/comments/999/approve", key=mod_key), 404, "not-found")


def test_measures_against_a_member(api, mod_key, held, moderator):
    warned = api.post("/moderation/members/hal/warn", {"reason": "Be kind.", "comment": held.pk}, key=mod_key)
    assert warned.status_code == 201
    assert (warned.json()["kind"], warned.json()["comment"]) == ("warning", held.pk)
    suspended = api.post("/moderation/members/hal/suspend", {"period": "72h", "reason": "Again."}, key=mod_key)
    data = suspended.json()
    assert (suspended.status_code, data["kind"], data["member"]) == (201, "suspension", "hal")
    assert Sanction.objects.get(pk=data["id"]).created_by == moderator


def test_a_suspension_needs_a_known_period(api, mod_key, held):
    problem = assert_problem(
        api.post("/moderation/members/hal/suspend", {"period": "1y"}, key=mod_key), 422, "invalid-request"
    )
    assert problem["errors"][0]["field"] == "period"


def test_banning_twice_is_409(api, mod_key, held):
    assert api.post("/moderation/members/hal/ban", key=mod_key).status_code == 201
    problem = assert_problem(api.post("/moderation/members/hal/ban", key=mod_key), 409, "illegal-transition")
    assert problem["detail"] == "hal is already under a ban."


def test_rejecting_a_members_held_comments(api, mod_key, held, comment_on, post, make_user):
    other = comment_on(post, "Another one waiting.", author=held.author).comment
    response = api.post("/moderation/members/hal/reject-pending", {"reason": "spam run"}, key=mod_key)
    assert response.json() == {"member": "hal", "rejected": [held.pk, other.pk]}
    assert set(Comment.objects.values_list("status", flat=True)) == {Status.REJECTED}


def test_the_comment_a_measure_is_about_must_be_the_members(api, mod_key, held, post, comment_on, make_user):
    someone_elses = comment_on(post, "Not hal's.", author=make_user()).comment
    response = api.post("/moderation/members/hal/warn", {"comment": someone_elses.pk}, key=mod_key)
    assert assert_problem(response, 422, "invalid-request")["errors"][0]["field"] == "comment"
    assert not Sanction.objects.exists()
