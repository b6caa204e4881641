"""The five role groups exist after migrate with exactly the permissions ``roles.py`` gives them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from stoa.people.models import User
from stoa.people.roles import ROLE_PERMISSIONS, STAFF_ROLES, Role, apply_roles


def group_permissions(role: Role) -> set[str]:
    permissions = Group.objects.get(name=role.value).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def test_every_role_is_a_group(db) -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMIN])
def test_group_holds_exactly_its_permissions(db, role: Role) -> None:
    assert group_permissions(role) == set(ROLE_PERMISSIONS[role])


def test_every_named_permission_exists(db) -> None:
    """A typo in roles.py would silently grant nothing."""
    named = {name for names in ROLE_PERMISSIONS.values() for name in names if name != "*"}
    existing = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    assert named <= existing


def test_admin_holds_every_permission(db) -> None:
    assert Group.objects.get(name="admin").permissions.count() == Permission.objects.count()


@pytest.mark.parametrize(
    ("role", "granted", "refused"),
    [
        (Role.MODERATOR, ["discussion.moderate_comment", "moderation.change_wordrule"], ["blog.add_post"]),
        (Role.AUTHOR, ["blog.add_post", "blog.publish_post"], ["discussion.moderate_comment", "blog.delete_post"]),
        (
            Role.EDITOR,
            ["blog.edit_others_post", "blog.delete_post", "discussion.moderate_comment"],
            ["people.delete_user"],
        ),
        (Role.MEMBER, [], ["blog.add_post", "discussion.moderate_comment", "discussion.view_comment"]),
        (Role.ADMIN, ["people.delete_user", "discussion.moderate_comment", "blog.publish_post"], []),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_role_grants_what_it_should_and_no_more(make_user, role: Role, granted: list[str], refused: list[str]) -> None:
    user = make_user(f"as-{role.value}", role=role)

    for permission in granted:
        assert user.has_perm(permission), permission
    for permission in refused:
        assert not user.has_perm(permission), permission


def test_member_has_no_permissions_at_all(make_user) -> None:
    assert make_user("plain").get_all_permissions() == set()


@pytest.mark.parametrize("role", list(Role))
def test_staff_flag_follows_the_role(make_user, role: Role) -> None:
    assert make_user(f"as-{role.value}", role=role).is_staff == (role in STAFF_ROLES)


def test_apply_roles_is_idempotent_and_repairs_groups(db) -> None:
    Group.objects.get(name="moderator").permissions.clear()
    Group.objects.get(name="editor").delete()

    apply_roles(Group, Permission)
    apply_roles(Group, Permission)

    assert group_permissions(Role.MODERATOR) == set(ROLE_PERMISSIONS[Role.MODERATOR])
    assert group_permissions(Role.EDITOR) == set(ROLE_PERMISSIONS[Role.EDITOR])
    assert Group.objects.filter(name__in=[role.value for role in Role]).count() == len(Role)


def test_signed_up_member_holds_the_member_role(client, db) -> None:
    client.post(
        "/people/signup/",
        {
            "username": "fresh",
            "display_name": "",
            "email": "fresh@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    user = User.objects.get(username="fresh")
    assert user.get_all_permissions() == set()
    assert user.groups.get().name == "member"
