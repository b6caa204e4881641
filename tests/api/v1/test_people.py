"""People: public profiles (never an email) and the caller's own follow, mute and block."""

import pytest

from stoa.people.models import Block, Follow, Mute
from stoa.people.services import follow, go_dormant
from tests.api.v1.conftest import assert_problem


@pytest.fixture
def ann(make_user):
    return make_user("ann", display_name="Ann A", bio="Writes about bridges.")


@pytest.fixture
def me(make_user):
    return make_user("me")


@pytest.fixture
def my_key(make_key, me) -> str:
    return make_key("read", "comment", member=me)


def test_a_profile_shows_public_facts_and_my_relation(api, ann, me, my_key, post, comment_on):
    comment_on(post, "A fine post about bridges.", author=ann)
    follow(me, ann)
    data = api.get("/people/ann", key=my_key).json()
    assert data["display_name"] == "Ann A"
    assert (data["bio"], data["dormant"], data["comment_count"]) == ("Writes about bridges.", False, 1)
    assert data["relation"] == {"username": "ann", "following": True, "muting": False, "blocking": False}
    assert "ann@example.org" not in str(data)


def test_a_dormant_members_profile_is_hidden_from_others(api, ann, make_key):
    go_dormant(ann, show_comments_as_anonymous=False)
    assert_problem(api.get("/people/ann", key=make_key("read")), 404, "not-found")
    assert api.get("/people/ann", key=make_key("read", member=ann)).json()["dormant"] is True


@pytest.mark.parametrize(("relation", "model", "field"), [("follow", Follow, "following"), ("mute", Mute, "muting")])
def test_put_makes_a_relation_and_delete_ends_it_both_idempotent(api, ann, me, my_key, relation, model, field):
    for _ in range(2):
        response = api.put(f"/people/ann/{relation}", key=my_key)
        assert (response.status_code, response.json()[field]) == (200, True)
    assert model.objects.count() == 1
    for _ in range(2):
        assert api.delete(f"/people/ann/{relation}", key=my_key).json()[field] is False
    assert not model.objects.exists()


def test_blocking_ends_follows_and_says_what_it_does(api, ann, me, my_key):
    follow(me, ann)
    data = api.put("/people/ann/block", key=my_key).json()
    assert (data["blocking"], data["following"]) == (True, False)
    assert data["message"].startswith("You blocked Ann A: they can't reply to you")
    assert Block.objects.filter(blocker=me, blocked=ann).exists()


def test_a_refused_relation_is_a_problem_with_the_services_sentence(api, ann, me, my_key):
    assert_problem(api.put("/people/me/follow", key=my_key), 400, "relation-refused")
    api.put("/people/ann/block", key=my_key)
    problem = assert_problem(api.put("/people/ann/follow", key=my_key), 400, "relation-refused")
    assert problem["detail"] == "You blocked this member: unblock them before following them."


def test_relations_need_the_comment_scope_and_a_member(api, ann, me, make_key):
    assert_problem(api.put("/people/ann/follow", key=make_key("read", member=me)), 403, "scope-missing")
    assert_problem(api.put("/people/ann/follow", key=make_key("comment")), 403, "forbidden")
    assert not Follow.objects.exists()


def test_an_unknown_member_is_404(api, my_key):
    assert_problem(api.get("/people/nobody", key=my_key), 404, "not-found")
    assert_problem(api.put("/people/nobody/mute", key=my_key), 404, "not-found")
