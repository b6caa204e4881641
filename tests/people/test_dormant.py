"""Dormant mode: profile hidden, no notifications, no replies or mentions; comments stay; come back any time."""

from __future__ import annotations

import pytest
from django.test import Client

from stoa.discussion.errors import CommentRefused
from stoa.people import services
from stoa.people.models import User


@pytest.fixture
def dora(make_user) -> User:
    return make_user("dora", display_name="Dora Dormant")


def test_going_dormant_and_coming_back(dora: User, clock) -> None:
    assert services.accepts_notifications(dora)

    services.go_dormant(dora, show_comments_as_anonymous=True, now=clock.now)
    dora.refresh_from_db()
    assert (dora.dormant_since, dora.show_dormant_comments_as_anonymous) == (clock.now, True)
    assert not services.accepts_notifications(dora)

    services.wake_up(dora)
    dora.refresh_from_db()
    assert dora.dormant_since is None
    assert services.accepts_notifications(dora)


def test_going_dormant_twice_keeps_the_first_date(dora: User, clock) -> None:
    first = clock.now
    services.go_dormant(dora, show_comments_as_anonymous=False, now=first)
    services.go_dormant(dora, show_comments_as_anonymous=True, now=clock.tick())

    dora.refresh_from_db()
    assert dora.dormant_since == first
    assert dora.show_dormant_comments_as_anonymous


def test_deactivated_accounts_take_no_notifications_either(dora: User) -> None:
    dora.is_active = False
    assert not services.accepts_notifications(dora)


def test_nobody_can_reply_to_or_mention_a_dormant_member(post, comment_on, dora: User, make_user) -> None:
    earlier = comment_on(post, "Said before the break.", author=dora).comment
    services.go_dormant(dora, show_comments_as_anonymous=False)
    reader = make_user("reader")

    with pytest.raises(CommentRefused, match="dormant and is not taking replies"):
        comment_on(post, "Any news?", author=reader, reply_to=earlier)
    with pytest.raises(CommentRefused, match="@dora is dormant"):
        comment_on(post, "Where is @dora these days?", author=reader)
    with pytest.raises(CommentRefused, match="dormant"):
        comment_on(post, "A guest asks @dora.")  # guests too


def test_a_dormant_member_comes_back_before_commenting(post, comment_on, dora: User) -> None:
    services.go_dormant(dora, show_comments_as_anonymous=False)
    with pytest.raises(CommentRefused, match="Come back"):
        comment_on(post, "Just one more thing.", author=dora)

    services.wake_up(dora)
    assert comment_on(post, "Just one more thing.", author=dora).comment.is_published


def test_after_coming_back_replies_are_welcome_again(post, comment_on, dora: User, make_user) -> None:
    earlier = comment_on(post, "Said before the break.", author=dora).comment
    services.go_dormant(dora, show_comments_as_anonymous=False)
    services.wake_up(dora)

    assert comment_on(post, "Welcome back, @dora.", author=make_user("reader"), reply_to=earlier).comment.is_published


def test_the_profile_is_hidden_from_others_but_not_from_the_member(client: Client, dora: User, make_user) -> None:
    services.go_dormant(dora, show_comments_as_anonymous=False)

    as_guest = client.get("/people/dora/")
    client.force_login(make_user("other"))
    as_member = client.get("/people/dora/")
    client.force_login(dora)
    as_self = client.get("/people/dora/")

    for response in (as_guest, as_member):
        assert response.status_code == 404
        assert "A dormant member" in response.content.decode()
        assert "Dora Dormant" not in response.content.decode()
    assert as_self.status_code == 200
    assert "You are dormant" in as_self.content.decode()


@pytest.mark.parametrize(("anonymous", "shown_as"), [(True, "a dormant member"), (False, "Dora Dormant")])
def test_comments_stay_signed_as_the_member_chose(client, post, comment_on, dora, anonymous, shown_as) -> None:
    comment_on(post, "Still worth reading.", author=dora)
    services.go_dormant(dora, show_comments_as_anonymous=anonymous)

    html = client.get(post.get_absolute_url()).content.decode()

    assert "Still worth reading." in html
    assert f'<span class="author">{shown_as}</span>' in html  # no link to the hidden profile
    assert 'href="/people/dora/"' not in html
    assert 'data-reply-to="1"' not in html


def test_the_member_still_sees_their_own_name(client, post, comment_on, dora: User) -> None:
    comment_on(post, "Still worth reading.", author=dora)
    services.go_dormant(dora, show_comments_as_anonymous=True)
    client.force_login(dora)

    assert '<span class="author">Dora Dormant</span>' in client.get(post.get_absolute_url()).content.decode()


def test_the_settings_page_toggles_dormant_mode(client: Client, dora: User) -> None:
    client.force_login(dora)
    assert "Go dormant" in client.get("/people/me/people/").content.decode()

    gone = client.post("/people/me/dormant/", {"action": "go", "show_comments_as_anonymous": "on"}, follow=True)
    dora.refresh_from_db()
    assert dora.is_dormant and dora.show_dormant_comments_as_anonymous
    assert "Come back" in gone.content.decode()

    client.post("/people/me/dormant/", {"action": "wake"})
    dora.refresh_from_db()
    assert not dora.is_dormant


def test_the_toggle_needs_a_post(client: Client, dora: User) -> None:
    client.force_login(dora)
    assert client.get("/people/me/dormant/").status_code == 405
