"""Accounts: Django's user with the two things a reader sees, a display name and a short bio, and the controls a
member keeps over who reaches them: follows, mutes, blocks and dormant mode."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse


class User(AbstractUser):
    """A member. The email is for sign-in and notifications only and is never shown publicly."""

    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    dormant_since = models.DateTimeField(
        null=True, blank=True, help_text="Set while the member is dormant: profile hidden, no replies or mentions."
    )
    show_dormant_comments_as_anonymous = models.BooleanField(
        default=False, help_text="While dormant, show their comments under 'a dormant member'."
    )

    class Meta(AbstractUser.Meta):
        # Replies and @mentions find members by username in any letter case (``addressing.member_controls``): an
        # index on the lowered name keeps that lookup off a scan of the whole table (PostgreSQL, SQLite alike).
        indexes = [models.Index(Lower("username"), name="people_user_username_lower")]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def is_dormant(self) -> bool:
        return self.dormant_since is not None

    def get_absolute_url(self) -> str:
        return reverse("people:profile", args=[self.username])


def _pair(model_name: str, source: str, target: str) -> list[models.BaseConstraint]:
    """A relation holds once per ordered pair, and never from a member to themselves."""
    return [
        models.UniqueConstraint(fields=[source, target], name=f"{model_name}_once_per_pair"),
        models.CheckConstraint(condition=~Q(**{source: F(target)}), name=f"{model_name}_not_to_self"),
    ]


class Follow(models.Model):
    """``follower`` follows ``followed``: a signal of trust (a self-opened shield lets followed people through)."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField()

    class Meta:
        constraints = _pair("follow", "follower", "followed")

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followed_id}"


class Mute(models.Model):
    """``muter`` no longer sees ``muted``'s comments open; the muted member is never told."""

    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = _pair("mute", "muter", "muted")

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.muted_id}"


class Block(models.Model):
    """``blocker`` blocked ``blocked``: who may not reply to, mention or (signed in) read the blocker."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = _pair("block", "blocker", "blocked")

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
