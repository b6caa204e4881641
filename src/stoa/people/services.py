"""Accounts: creating members and staff with their roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from stoa.people.models import User
from stoa.people.roles import STAFF_ROLES, Role


def assign_role(user: User, role: Role) -> None:
    """Put ``user`` in the role's group; staff roles may use the admin."""
    user.groups.add(Group.objects.get(name=role.value))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def register_member(form) -> User:
    """Create an account from a valid sign-up form, as a member."""
    user = form.save()
    assign_role(user, Role.MEMBER)
    return user


@transaction.atomic
def create_admin(username: str, email: str, password: str) -> User:
    """A superuser in the admin role (used by ``stoa createadmin`` and the demo)."""
    user = User.objects.create_superuser(username=username, email=email, password=password)
    assign_role(user, Role.ADMIN)
    return user
