"""What moderation stores: every decision with its reasons, the word lists, the community rules, and the append-only
audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

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


class CommunityRule(models.Model):
    """One of the site's published rules, cited when a moderator removes a comment or sanctions a member.

    ``position`` is the rule's public number ("rule 2", ``/rules/#rule-2``): it orders the list and stays fixed when
    other rules are deactivated, so a number cited in an old decision keeps pointing at the same rule. A rule that
    decisions cite cannot be deleted (they keep its id); deactivate it instead.
    """

    position = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(1)], help_text="The rule's number on /rules/ (1, 2, 3 ...)."
    )
    title = models.CharField(max_length=100, help_text='Short, e.g. "No personal attacks".')
    explanation = models.TextField(blank=True, help_text="Shown publicly under the title; plain text or Markdown.")
    active = models.BooleanField(default=True, help_text="Only active rules are listed and can be cited.")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("rules") + f"#rule-{self.position}"


class ModerationDecision(models.Model):
    """One decision about a comment: by the pipeline (``moderator`` empty) or by a moderator."""

    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=10, choices=[(s.value, s.value) for s in Status])
    reasons = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    highlights = models.JSONField(default=list, help_text="Parts of the text the phases pointed at (moderators only).")
    decided_by = models.CharField(max_length=40, help_text="The phase that decided, or 'moderator'.")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    rule = models.ForeignKey(
        CommunityRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The community rule the moderator cited, if any.",
    )
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
    """A reader's report of a published comment or post, with the receipt number the reader keeps to follow it.

    Exactly one of ``comment`` and ``post`` is set (a check constraint holds it).
    """

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
    comment = models.ForeignKey(
        "discussion.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    post = models.ForeignKey("blog.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(comment__isnull=False, post__isnull=True)
                | models.Q(comment__isnull=True, post__isnull=False),
                name="report_of_a_comment_or_a_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt} ({self.status})"


class Sanction(models.Model):
    """A moderator's measure against a member: a warning, a timed suspension, a ban or pre-moderation.

    ``ends_at``: when a suspension ends (empty for the others, which last until lifted). ``lifted_at``: when a
    moderator lifted it early (or withdrew a warning after an appeal); a lifted or ended sanction no longer applies
    but stays on record.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SUSPENSION = "suspension", "Suspension"
        BAN = "ban", "Ban"
        PREMODERATION = "premoderation", "Pre-moderation"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    comment = models.ForeignKey(
        "discussion.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sanctions",
        help_text="The comment the moderator acted from, if any: the member is told which one.",
    )
    reason = models.TextField(max_length=2000, blank=True)
    rule = models.ForeignKey(
        CommunityRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
        help_text="The community rule the moderator cited, if any.",
    )
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


class Appeal(models.Model):
    """A member's appeal of one moderation decision on their comment, or of one sanction; one each at most.

    Exactly one of ``decision`` and ``sanction`` is set. ``upheld`` means the appeal succeeded and the measure was
    reversed (the comment restored, the sanction lifted or the warning withdrawn); ``denied`` means it stands.
    A different moderator from the one who made the decision decides (``stoa.moderation.appeals``).
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        UPHELD = "upheld", "Upheld: the decision was reversed"
        DENIED = "denied", "Denied: the decision stands"

    decision = models.OneToOneField(
        ModerationDecision, null=True, blank=True, on_delete=models.CASCADE, related_name="appeal"
    )
    sanction = models.OneToOneField(Sanction, null=True, blank=True, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(max_length=2000, help_text="Why the member thinks the decision was wrong.")
    status = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    created_at = models.DateTimeField(db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals_decided"
    )
    outcome_reason = models.TextField(max_length=2000, blank=True, help_text="What the deciding moderator wrote.")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__isnull=False, sanction__isnull=True)
                | models.Q(decision__isnull=True, sanction__isnull=False),
                name="appeal_of_a_decision_or_a_sanction",
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.status})"


class Notification(models.Model):
    """One message in a member's inbox; the same text is emailed to them unless they turned email off."""

    class Kind(models.TextChoices):
        COMMENT_HELD = "comment_held", "Comment held for review"
        COMMENT_APPROVED = "comment_approved", "Comment approved"
        COMMENT_REJECTED = "comment_rejected", "Comment removed"
        REPORT_STATUS = "report_status", "Report status"
        SANCTION = "sanction", "Moderation measure"
        SANCTION_LIFTED = "sanction_lifted", "Moderation measure lifted"
        APPEAL_DECIDED = "appeal_decided", "Appeal decided"
        APPEAL_FILED = "appeal_filed", "Appeal waiting for a moderator"
        QUEUE_ALERT = "queue_alert", "Moderation queue alert"
        SHIELD = "shield", "Shield"
        REMOVAL_REQUEST = "removal_request", "Removal request"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True, help_text="A path on this site, e.g. /moderation/appeals/.")
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.subject}"


class EmailOptOut(models.Model):
    """A member who wants notifications in the inbox only, not by email."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_out")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"no email for {self.member_id}"


class QueueAlert(models.Model):
    """Whether moderators were told the pending queue is over a limit, so one crossing sends one alert.

    ``raised``: the queue was over the limit at the last check and moderators were told; it resets once the queue
    is back under. ``last_sent_at`` keeps alerts at least ``notifications_queue.ALERT_INTERVAL`` apart.
    """

    class Kind(models.TextChoices):
        SIZE = "size", "Queue size"
        AGE = "age", "Oldest item's age"

    kind = models.CharField(max_length=5, choices=Kind.choices, unique=True)
    raised = models.BooleanField(default=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} alert ({'raised' if self.raised else 'clear'})"
