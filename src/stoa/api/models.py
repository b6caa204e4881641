"""What the API stores: keys (as hashes only), and what scoring clients chose to give us for model improvement."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models


class Scope(StrEnum):
    """What a key may do: ``score`` is the Perspective-compatible endpoint; the others are for the REST API."""

    READ = "read"
    COMMENT = "comment"
    MODERATE = "moderate"
    SCORE = "score"


def default_qps() -> int:
    """A new key's quota, from ``STOA_API_DEFAULT_QPS`` (read when the key is made, not when migrations run)."""
    return settings.CONFIG.api_default_qps


class ApiKey(models.Model):
    """A key a program presents (``?key=``). Only its SHA-256 is kept: the key itself is shown once, at creation.

    ``prefix`` is the key's first characters (``stoa_`` and eight more), enough to recognise and revoke it.
    ``qps``: requests per second this key may make (0: no limit).
    ``acts_for``: the member the key writes and moderates as; never implied by ``created_by`` (the admin who made it
    is only recorded), so a key without one cannot write.
    """

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list, help_text="Any of: " + ", ".join(scope.value for scope in Scope))
    qps = models.PositiveIntegerField(
        "requests per second", default=default_qps, help_text="Per-key quota; 0 means no limit."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    acts_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acts for",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_active": True},
        help_text=(
            "The member this key writes as (comment scope) or moderates as (moderate scope), with that member's own "
            "moderation and permissions. Empty: the key reads like a signed-out visitor and cannot write."
        ),
    )
    created_at = models.DateTimeField(editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: Scope) -> bool:
        return scope.value in self.scopes


class AnalyzedComment(models.Model):
    """A ``comments:analyze`` request's text, kept for model improvement: only when the site turns on
    ``STOA_PERSPECTIVE_STORE_TEXT`` and the client sent ``doNotStore: false`` (or left it out)."""

    api_key = models.ForeignKey(ApiKey, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(db_index=True)
    text = models.TextField()
    context = models.JSONField(default=dict, blank=True)
    languages = models.JSONField(default=list, blank=True)
    scores = models.JSONField(default=dict, help_text="The model's probabilities, by Perspective attribute name.")
    model = models.CharField(max_length=60, blank=True)
    client_token = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"analyzed {self.created_at:%Y-%m-%d %H:%M} {self.client_token}".rstrip()


class SuggestedScore(models.Model):
    """A client's ``comments:suggestscore``: the scores it believes a comment should have, for retraining.

    ``text`` and ``context`` stay empty unless the site turns on ``STOA_PERSPECTIVE_STORE_TEXT``; the client token
    (Coral sends ``comment:<id>``) and community id still say which comment the suggestion is about.
    """

    api_key = models.ForeignKey(ApiKey, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(db_index=True)
    attribute_scores = models.JSONField(help_text="{ATTRIBUTE: {summaryScore, spanScores}} as the client sent them.")
    text = models.TextField(blank=True)
    context = models.JSONField(default=dict, blank=True)
    languages = models.JSONField(default=list, blank=True)
    community_id = models.CharField(max_length=200, blank=True)
    client_token = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"suggested {', '.join(self.attribute_scores)} {self.client_token}".rstrip()


class WebhookEvent(StrEnum):
    """What a webhook can be told about (``docs/webhooks.md`` describes each payload)."""

    COMMENT_HELD = "comment.held"
    COMMENT_PUBLISHED = "comment.published"
    COMMENT_REJECTED = "comment.rejected"
    REPORT_FILED = "report.filed"
    SHIELD_OPENED = "shield.opened"


TEST_EVENT = "webhook.test"  # sent only by the admin's "Send a test event", whatever events the webhook chose


class Webhook(models.Model):
    """A URL that is sent a signed POST when one of ``events`` happens (see ``stoa.api.webhooks``).

    ``secret`` signs every delivery (HMAC-SHA256). Stoa must keep it to sign, so it is stored as is, but it is
    shown only once, when made or replaced (like an API key), and never listed: the admin shows its first characters.
    """

    url = models.URLField("URL", max_length=500, help_text="Where deliveries are POSTed (http or https).")
    events = models.JSONField(default=list, help_text="Any of: " + ", ".join(event.value for event in WebhookEvent))
    secret = models.CharField(max_length=80, editable=False)
    active = models.BooleanField(default=True, help_text="An inactive webhook is sent nothing, not even retries.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    @property
    def secret_hint(self) -> str:
        return f"{self.secret[:10]}…" if self.secret else ""

    def wants(self, event: str) -> bool:
        return self.active and event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending (will be tried)"
    DELIVERED = "delivered", "delivered (2xx)"
    FAILED = "failed", "failed (refused, not retried)"
    GAVE_UP = "gave_up", "gave up (every retry failed)"


class WebhookDelivery(models.Model):
    """One event for one webhook: the exact payload, and how its tries went (the delivery log).

    ``attempts``: tries made (or started) so far. ``next_attempt_at``: when the next try is due while pending
    (a try in progress pushes it a few minutes ahead, so that no one else starts the same delivery meanwhile).
    """

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField(help_text="The JSON body sent (the same for every try).")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    last_response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to {self.webhook_id}: {self.status}"
