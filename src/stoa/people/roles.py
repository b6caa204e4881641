"""The five roles, as Django groups, and the permissions each one holds.

Roles are data (groups), so a site owner can adjust them in the admin; this table is what a fresh site starts
with, applied by a data migration and re-applicable with ``apply_roles``.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    AUTHOR = "author"
    MODERATOR = "moderator"
    MEMBER = "member"


_POST_WRITE = [
    "blog.add_post",
    "blog.change_post",
    "blog.view_post",
    *(f"blog.{verb}_postimage" for verb in ("add", "change", "delete", "view")),
    "safety.view_person",  # to say who an image shows, picked from the register
]
_TAXONOMY = [f"blog.{verb}_{model}" for verb in ("add", "change", "view") for model in ("category", "tag")]
_MODERATE = [
    "discussion.moderate_comment",
    "discussion.view_comment",
    "moderation.change_wordrule",
    "moderation.add_wordrule",
    "moderation.view_wordrule",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMIN: ["*"],
    Role.EDITOR: [
        *_POST_WRITE,
        "blog.delete_post",
        "blog.publish_post",
        "blog.edit_others_post",
        "blog.approve_image_without_consent",
        "safety.add_person",  # the post's "people discussed" fills the register
        "safety.change_person",
        *_TAXONOMY,
        *_MODERATE,
        *(f"moderation.{verb}_communityrule" for verb in ("add", "change", "view")),  # the rules on /rules/
    ],
    Role.AUTHOR: [*_POST_WRITE, "blog.publish_post", "blog.view_category", "blog.view_tag", "blog.add_tag"],
    Role.MODERATOR: _MODERATE,
    Role.MEMBER: [],
}

STAFF_ROLES = {Role.ADMIN, Role.EDITOR, Role.AUTHOR, Role.MODERATOR}


def apply_roles(group_model, permission_model) -> None:
    """Create the role groups and give each its permissions (idempotent; takes models so migrations can call it)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role.value)
        if names == ["*"]:
            group.permissions.set(permission_model.objects.all())
            continue
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permissions.extend(permission_model.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
