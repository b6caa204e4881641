"""What moderation stores: every decision with its reasons, the word lists, and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stoa.moderation.decisions import Status


class WordRule(models.Model):
    """A word or phrase an admin bans (reject) or watches (hold), matched as a whole word after normalisation."""

    class Action(models.TextChoices):
        BAN = "ban", "Ban (reject the comment)"
        WATCH = "watch", "Watch (hold for review)"

    phrase = models.CharField(max_length=100, unique=True)
    action = models.CharField(max_length=5, choices=Action.choices)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "phrase"]

    def __str__(self) -> str:
        return f"{self.action}: {self.phrase}"


class ModerationDecision(models.Model):
    """One decision about a comment: by the pipeline (``moderator`` empty) or by a moderator."""

    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=10, choices=[(s.value, s.value) for s in Status])
    reasons = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    highlights = models.JSONField(default=list, help_text="Parts of the text the phases pointed at (moderators only).")
    decided_by = models.CharField(max_length=40, help_text="The phase that decided, or 'moderator'.")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.status}: {'; '.join(self.reasons)}"


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEvent(models.Model):
    """One entry of the append-only audit log: who did what to which object, when and why."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, help_text="'pipeline', 'system' or the moderator's username.")
    action = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=40)
    reasons = models.JSONField(default=list)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class Report(models.Model):
    """A reader's report of a published comment, with the receipt number the reader keeps to follow it."""

    class Category(models.TextChoices):
        HARASSMENT = "harassment", "Harassment or bullying"
        THREAT = "threat", "Threat"
        PERSONAL_INFORMATION = "personal_info", "Personal information"
        HATE = "hate", "Hate"
        SPAM = "spam", "Spam"
        OTHER = "other", "Something else"

    class State(models.TextChoices):
        RECEIVED = "received", "Received"
        UNDER_REVIEW = "under_review", "Under review"
        ACTION_TAKEN = "action_taken", "Action taken"
        NO_ACTION = "no_action", "No action"

    receipt = models.CharField(max_length=11, unique=True, help_text="R-XXXX-XXXX, random; the reporter's handle.")
    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    text = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True)
    weight = models.FloatField(help_text="The reporter's weight when they reported.")
    created_at = models.DateTimeField(db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_decided"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.receipt} ({self.status})"


class Sanction(models.Model):
    """A moderator's measure against a member: a warning, a timed suspension, a ban or pre-moderation.

    ``ends_at``: when a suspension ends (empty for the others, which last until lifted). ``lifted_at``: when a
    moderator lifted it early; a lifted or ended sanction no longer applies but stays on record.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SUSPENSION = "suspension", "Suspension"
        BAN = "ban", "Ban"
        PREMODERATION = "premoderation", "Pre-moderation"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    reason = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="sanctions_given"
    )
    created_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.member_id}"

    def applies_at(self, now) -> bool:
        """Whether it is in force at ``now``: not lifted and not yet ended."""
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)
