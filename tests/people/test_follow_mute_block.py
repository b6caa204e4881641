"""Follow, mute and a block that really blocks: on every path a comment takes, and through the profile buttons."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from stoa.discussion.errors import CommentRefused
from stoa.discussion.models import Comment
from stoa.discussion.services import edit_comment
from stoa.moderation.decisions import Status
from stoa.people import services
from stoa.people.addressing import member_controls
from stoa.people.mentions import mentioned_usernames
from stoa.people.models import Block, Follow, Mute, User


@pytest.fixture
def ann(make_user) -> User:
    return make_user("ann", display_name="Ann Blocker")


@pytest.fixture
def bob(make_user) -> User:
    return make_user("bob", display_name="Bob Pest")


# --- services ---------------------------------------------------------------------------------------------


def test_follow_mute_block_are_idempotent_and_undone(ann: User, bob: User) -> None:
    for _ in range(2):
        services.follow(ann, bob)
        services.mute(ann, bob)
    assert Follow.objects.filter(follower=ann, followed=bob).count() == 1
    assert Mute.objects.filter(muter=ann, muted=bob).count() == 1

    services.unfollow(ann, bob)
    services.unmute(ann, bob)

    assert not Follow.objects.exists()
    assert not Mute.objects.exists()


@pytest.mark.parametrize("change", [services.follow, services.mute, services.block])
def test_nobody_relates_to_themselves(ann: User, change) -> None:
    with pytest.raises(services.RelationRefused, match="yourself"):
        change(ann, ann)


def test_the_database_refuses_self_relations_and_duplicates_too(ann: User, bob: User) -> None:
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=ann, blocked=ann, created_at=now)
    Block.objects.create(blocker=ann, blocked=bob, created_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=ann, blocked=bob, created_at=now)


def test_a_block_ends_follows_both_ways_and_stops_new_ones(ann: User, bob: User) -> None:
    services.follow(ann, bob)
    services.follow(bob, ann)

    services.block(ann, bob)

    assert not Follow.objects.exists()
    with pytest.raises(services.RelationRefused, match="can't follow"):
        services.follow(bob, ann)
    with pytest.raises(services.RelationRefused, match="unblock them"):
        services.follow(ann, bob)
    services.unblock(ann, bob)
    services.follow(bob, ann)
    assert Follow.objects.filter(follower=bob, followed=ann).exists()


# --- enforcement in submit_comment ------------------------------------------------------------------------


def test_a_blocked_member_cannot_reply_to_the_blocker(post, comment_on, ann: User, bob: User) -> None:
    original = comment_on(post, "My considered view.", author=ann).comment
    services.block(ann, bob)

    with pytest.raises(CommentRefused) as refused:
        comment_on(post, "You are wrong.", author=bob, reply_to=original)

    assert refused.value.message == "You can't reply to this member."
    assert refused.value.code == "reply_not_allowed"
    assert Comment.objects.filter(author=bob).count() == 0


def test_others_may_still_reply_and_the_blocked_may_still_comment(post, comment_on, ann, bob, make_user) -> None:
    original = comment_on(post, "My considered view.", author=ann).comment
    services.block(ann, bob)

    reply = comment_on(post, "Interesting.", author=make_user("cy"), reply_to=original).comment
    own = comment_on(post, "A comment to nobody in particular.", author=bob).comment

    assert reply.status == own.status == Status.PUBLISHED


def test_a_blocked_member_cannot_mention_the_blocker(post, comment_on, ann: User, bob: User) -> None:
    services.block(ann, bob)

    with pytest.raises(CommentRefused, match=r"You can't mention @ann\.") as refused:
        comment_on(post, "What does @Ann think, I wonder.", author=bob)
    assert refused.value.code == "mention_not_allowed"
    assert comment_on(post, "I half agree with Ann here.", author=bob).comment.status == Status.PUBLISHED


def test_a_blocked_mention_cannot_hide_behind_many_others(post, comment_on, ann: User, bob: User) -> None:
    services.block(ann, bob)
    decoys = " ".join(f"@nobody{i}" for i in range(40))

    with pytest.raises(CommentRefused, match="@ann"):
        comment_on(post, f"{decoys} and finally @ANN.", author=bob)


def test_the_block_also_holds_for_edits(post, comment_on, ann: User, bob: User) -> None:
    """An edit cannot slip a mention in after the fact."""
    comment = comment_on(post, "A harmless remark.", author=bob).comment
    services.block(ann, bob)

    with pytest.raises(CommentRefused, match="@ann"):
        edit_comment(comment, "A harmless remark, @ann.", editor=bob, browser_owns=False)
    comment.refresh_from_db()
    assert comment.body == "A harmless remark."


def test_after_unblocking_the_reply_goes_through(post, comment_on, ann: User, bob: User) -> None:
    original = comment_on(post, "My considered view.", author=ann).comment
    services.block(ann, bob)
    services.unblock(ann, bob)

    assert comment_on(post, "Fair enough.", author=bob, reply_to=original).comment.status == Status.PUBLISHED


def test_muting_does_not_stop_replies(post, comment_on, ann: User, bob: User) -> None:
    original = comment_on(post, "My considered view.", author=ann).comment
    services.mute(ann, bob)

    assert comment_on(post, "Fair enough, @ann.", author=bob, reply_to=original).comment.is_published


# --- mentions and what the gate is given ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@ann and @Bob, and @ANN again.", ["ann", "Bob"]),
        ("@Élodie!", ["Élodie"]),
        ("write to ann@example.org", []),
        ("(@cy.) then @dee-", ["cy", "dee"]),
        ("no one", []),
    ],
)
def test_mentions_are_found_simply(text: str, names: list[str]) -> None:
    assert mentioned_usernames(text) == names


def test_member_controls_know_who_is_addressed_and_who_blocked(ann, bob, make_user, django_assert_max_num_queries):
    cy = make_user("cy")
    services.block(ann, bob)
    services.go_dormant(cy, show_comments_as_anonymous=False)

    with django_assert_max_num_queries(2):
        controls = member_controls(bob, reply_to_author_id=ann.pk, text="@cy @nobody @bob")

    assert controls.reply_to == ann.pk
    assert controls.mentioned == {cy.pk: "cy"}  # not oneself, not an unknown name
    assert controls.blocked_by == {ann.pk}
    assert controls.dormant == {cy.pk}


def test_a_plain_comment_costs_no_query(bob, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert member_controls(bob, reply_to_author_id=None, text="Nothing aimed at anyone.").mentioned == {}


# --- profile buttons --------------------------------------------------------------------------------------


def test_profile_offers_the_three_buttons_with_csrf(client: Client, ann: User, bob: User) -> None:
    client.force_login(bob)

    html = client.get("/people/ann/").content.decode()

    for action in ("follow", "mute", "block"):
        assert f'action="/people/ann/{action}/"' in html
    assert html.count("csrfmiddlewaretoken") >= 3


def test_the_buttons_need_a_post_and_a_csrf_token(ann: User, bob: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bob)

    assert strict.get("/people/ann/block/").status_code == 405
    assert strict.post("/people/ann/block/").status_code == 403
    assert not Block.objects.exists()


def test_block_button_blocks_and_says_what_it_means(client: Client, ann: User, bob: User) -> None:
    client.force_login(ann)

    response = client.post("/people/bob/block/", {"next": "/people/me/people/"}, follow=True)

    assert response.redirect_chain[-1][0] == "/people/me/people/"
    assert Block.objects.filter(blocker=ann, blocked=bob).exists()
    html = response.content.decode()
    assert "You blocked Bob Pest: they can&#x27;t reply to you, mention you or see your comments" in html
    assert 'action="/people/bob/unblock/"' in html


def test_buttons_go_back_only_to_this_site(client: Client, ann: User, bob: User) -> None:
    client.force_login(ann)

    response = client.post("/people/bob/mute/", {"next": "https://evil.example/"})

    assert response["Location"] == "/people/bob/"


def test_json_callers_get_json(client: Client, ann: User, bob: User) -> None:
    client.force_login(ann)

    done = client.post("/people/bob/follow/", HTTP_ACCEPT="application/json")
    refused = client.post("/people/ann/follow/", HTTP_ACCEPT="application/json")

    assert done.json() == {"username": "bob", "action": "follow", "message": "You follow Bob Pest."}
    assert (refused.status_code, refused.json()) == (400, {"error": "You can't follow yourself."})


def test_a_refusal_is_shown_as_a_message(client: Client, ann: User, bob: User) -> None:
    services.block(ann, bob)
    client.force_login(bob)

    html = client.post("/people/ann/follow/", follow=True).content.decode()

    assert "You can&#x27;t follow this member." in html
    assert not Follow.objects.exists()


def test_unknown_action_and_guests(client: Client, ann: User, bob: User) -> None:
    assert client.post("/people/ann/block/")["Location"].startswith("/people/login/")
    client.force_login(bob)
    assert client.post("/people/ann/befriend/").status_code == 404


def test_a_blocked_member_sees_no_comments_on_the_blockers_profile(client, post, comment_on, ann, bob) -> None:
    comment_on(post, "A remark from Ann.", author=ann)
    services.block(ann, bob)

    client.force_login(bob)
    as_blocked = client.get("/people/ann/").content.decode()
    client.logout()
    as_guest = client.get("/people/ann/").content.decode()

    assert "A remark from Ann." not in as_blocked and "No comments to show." in as_blocked
    assert "A remark from Ann." in as_guest


def test_people_settings_lists_each_relation_with_undo(client: Client, ann: User, bob: User, make_user) -> None:
    cy, dee = make_user("cy", display_name="Cy"), make_user("dee", display_name="Dee")
    services.block(ann, bob)
    services.mute(ann, cy)
    services.follow(ann, dee)
    client.force_login(ann)

    html = client.get("/people/me/people/").content.decode()

    for username, undo in (("bob", "unblock"), ("cy", "unmute"), ("dee", "unfollow")):
        assert f'action="/people/{username}/{undo}/"' in html
    client.post("/people/cy/unmute/", {"next": "/people/me/people/"})
    assert not Mute.objects.exists()
