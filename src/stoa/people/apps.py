from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(sender, **kwargs) -> None:
    """After each migrate, make sure the role groups exist with their permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    from stoa.people.roles import apply_roles

    apply_roles(Group, Permission)


class PeopleConfig(AppConfig):
    name = "stoa.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Permissions are created per app on post_migrate; the moderation app migrates last, so by then
        # every permission the roles name exists.
        post_migrate.connect(_ensure_roles, sender=None, dispatch_uid="stoa-roles", weak=False)
