"""The admin is for staff roles: a member is turned away, even with the right password."""

from __future__ import annotations

from django.contrib.auth import get_user
from django.test import Client

from stoa.people.models import User
from stoa.people.roles import Role
from tests.conftest import PASSWORD


def test_member_is_sent_to_the_admin_login(member_client: Client) -> None:
    response = member_client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_member_cannot_log_in_to_the_admin(client: Client, member: User) -> None:
    response = client.post("/admin/login/?next=/admin/", {"username": "mia", "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 200
    assert "Please enter the correct username and password for a staff account." in response.content.decode()
    assert not get_user(client).is_authenticated


def test_member_cannot_reach_admin_pages_directly(member_client: Client) -> None:
    for url in ("/admin/people/user/", "/admin/blog/post/add/", "/admin/discussion/comment/"):
        response = member_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_member_header_has_no_admin_link(member_client: Client) -> None:
    assert 'href="/admin/"' not in member_client.get("/").content.decode()


def test_staff_role_reaches_the_admin(client: Client, make_user) -> None:
    client.force_login(make_user("ed", role=Role.AUTHOR))

    assert client.get("/admin/").status_code == 200
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_author_may_not_manage_accounts(client: Client, make_user) -> None:
    client.force_login(make_user("ed", role=Role.AUTHOR))

    assert client.get("/admin/people/user/").status_code == 403
