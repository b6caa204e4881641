"""``/people/me/``: a member edits their display name and bio, and nothing else."""

from __future__ import annotations

from django.test import Client

from stoa.people.models import User

EDIT = "/people/me/"


def test_editing_needs_a_login(client, db) -> None:
    response = client.get(EDIT)

    assert response.status_code == 302
    assert response["Location"] == "/people/login/?next=/people/me/"
    assert client.post(EDIT, {"display_name": "Hacker"})["Location"].startswith("/people/login/")


def test_form_starts_from_the_current_profile(member_client: Client) -> None:
    html = member_client.get(EDIT).content.decode()

    assert 'value="Mia Member"' in html
    assert "Reads everything twice." in html


def test_saving_updates_the_profile(member_client: Client, member: User) -> None:
    response = member_client.post(EDIT, {"display_name": "Mia M.", "bio": "Now reads once."}, follow=True)

    assert response.redirect_chain == [("/people/mia/", 302)]
    html = response.content.decode()
    assert "<h1>Mia M.</h1>" in html
    assert "Now reads once." in html
    assert "Your profile is saved." in html
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("Mia M.", "Now reads once.")


def test_only_name_and_bio_can_change(member_client: Client, member: User) -> None:
    member_client.post(
        EDIT,
        {
            "display_name": "Mia",
            "bio": "",
            "username": "root",
            "email": "x@example.org",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    member.refresh_from_db()
    assert (member.username, member.email) == ("mia", "mia@example.org")
    assert not member.is_staff and not member.is_superuser


def test_too_long_name_answers_400_with_the_error(member_client: Client, member: User) -> None:
    response = member_client.post(EDIT, {"display_name": "x" * 81, "bio": ""})

    assert response.status_code == 400
    assert "Ensure this value has at most 80 characters (it has 81)." in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "Mia Member"
