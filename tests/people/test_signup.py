"""Signing up makes a member (never staff), logs them in, and refuses bad or duplicate input with a reason."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user

from stoa.people.models import User

SIGNUP = "/people/signup/"


def signup_data(**changes: str) -> dict[str, str]:
    data = {
        "username": "newbie",
        "display_name": "New Bee",
        "email": "newbie@example.org",
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    return {**data, **changes}


def test_signup_form_is_shown(client, db) -> None:
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("username", "display_name", "email", "password1", "password2"):
        assert f'name="{field}"' in html


def test_signup_creates_a_logged_in_member(client, db) -> None:
    response = client.post(SIGNUP, signup_data(), follow=True)

    assert response.redirect_chain == [("/people/newbie/", 302)]
    user = User.objects.get(username="newbie")
    assert user.display_name == "New Bee"
    assert user.email == "newbie@example.org"
    assert user.check_password("a-long-unusual-passphrase")
    assert list(user.groups.values_list("name", flat=True)) == ["member"]
    assert not user.is_staff and not user.is_superuser
    assert get_user(client) == user
    assert "Welcome, New Bee. Your account is ready." in response.content.decode()


def test_duplicate_email_is_refused_whatever_its_case(client, make_user) -> None:
    make_user("first")  # first@example.org

    response = client.post(SIGNUP, signup_data(email="First@Example.org"))

    assert response.status_code == 400
    assert "An account with this email already exists." in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()
    assert not get_user(client).is_authenticated


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password2": "something-else-entirely"}, "The two password fields didn’t match."),
        ({"password1": "short", "password2": "short"}, "This password is too short."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"username": ""}, "This field is required."),
        ({"username": "bad name!"}, "Enter a valid username."),
    ],
    ids=["mismatch", "weak", "email", "no-username", "bad-username"],
)
def test_bad_input_answers_400_with_the_error(client, db, changes: dict[str, str], message: str) -> None:
    response = client.post(SIGNUP, signup_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not get_user(client).is_authenticated


@pytest.mark.parametrize("username", ["newbie", "NewBie"])
def test_taken_username_is_refused_whatever_its_case(client, make_user, username: str) -> None:
    make_user("newbie")

    response = client.post(SIGNUP, signup_data(username=username, email="other@example.org"))

    assert response.status_code == 400
    assert "A user with that username already exists." in response.content.decode()
