"""Logging in with the account's password, and logging out (by POST only)."""

from __future__ import annotations

from django.contrib.auth import get_user

from stoa.people.models import User
from tests.conftest import PASSWORD

LOGIN = "/people/login/"


def test_login_page_links_reset_and_signup(client, db) -> None:
    html = client.get(LOGIN).content.decode()

    assert 'name="username"' in html and 'name="password"' in html
    assert 'href="/people/password-reset/"' in html
    assert 'href="/people/signup/"' in html


def test_login_with_the_right_password(client, member: User) -> None:
    response = client.post(LOGIN, {"username": "mia", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert get_user(client) == member


def test_login_goes_back_to_next(client, member: User) -> None:
    response = client.post(LOGIN, {"username": "mia", "password": PASSWORD, "next": "/people/me/"})

    assert response["Location"] == "/people/me/"


def test_login_refuses_an_offsite_next(client, member: User) -> None:
    response = client.post(LOGIN, {"username": "mia", "password": PASSWORD, "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_wrong_password_is_refused_with_a_message(client, member: User) -> None:
    response = client.post(LOGIN, {"username": "mia", "password": "not-the-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert not get_user(client).is_authenticated


def test_inactive_account_cannot_log_in(client, member: User) -> None:
    User.objects.filter(pk=member.pk).update(is_active=False)

    client.post(LOGIN, {"username": "mia", "password": PASSWORD})

    assert not get_user(client).is_authenticated


def test_logged_in_header_offers_logout(member_client) -> None:
    html = member_client.get("/").content.decode()

    assert 'action="/people/logout/"' in html
    assert 'href="/people/mia/">Mia Member</a>' in html


def test_logout_by_post(member_client) -> None:
    response = member_client.post("/people/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not get_user(member_client).is_authenticated


def test_logout_by_get_is_refused(member_client, member: User) -> None:
    """A link or an image elsewhere must not be able to log a reader out."""
    assert member_client.get("/people/logout/").status_code == 405
    assert get_user(member_client) == member
