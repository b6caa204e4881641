"""Password reset: a mail with a one-time link that sets a new password; nothing sent for unknown addresses."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.test import Client

from stoa.people.models import User
from tests.conftest import PASSWORD

RESET = "/people/password-reset/"
NEW_PASSWORD = "a-brand-new-passphrase"


def reset_link(client: Client, email: str) -> str:
    """Ask for a reset and return the path of the link in the one mail that was sent."""
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/people/password-reset/sent/"
    assert len(mail.outbox) == 1
    match = re.search(r"http://testserver(/people/password-reset/\S+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


@pytest.fixture
def link(client: Client, member: User) -> str:
    return reset_link(client, "mia@example.org")


def test_reset_mail_goes_to_the_account(link: str, member: User) -> None:
    message = mail.outbox[0]

    assert message.to == ["mia@example.org"]
    assert '"mia"' in message.body
    assert "<" not in message.body  # plain text, not escaped HTML


def test_link_sets_a_new_password(client: Client, link: str, member: User) -> None:
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/people/password-reset/complete/"
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)
    assert client.login(username="mia", password=NEW_PASSWORD)


def test_link_works_only_once(client: Client, link: str) -> None:
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True).content.decode()

    assert "This reset link is invalid or has already been used." in again


def test_tampered_link_is_invalid(client: Client, link: str, member: User) -> None:
    tampered = re.sub(r"/[^/]+/$", "/not-a-real-token/", link)

    html = client.get(tampered, follow=True).content.decode()

    assert "This reset link is invalid or has already been used." in html
    assert 'name="new_password1"' not in html


def test_mismatched_new_passwords_change_nothing(client: Client, link: str, member: User) -> None:
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": "different-one"})

    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_unknown_address_gets_the_same_answer_and_no_mail(client: Client, member: User) -> None:
    response = client.post(RESET, {"email": "stranger@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/people/password-reset/sent/"
    assert mail.outbox == []


def test_reset_does_not_log_anyone_in(client: Client, link: str) -> None:
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert not get_user(client).is_authenticated
