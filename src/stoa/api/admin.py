"""Admins make and revoke API keys here; the new key is shown once, in a message, and never again.

Webhooks are registered here too (their signing secret is shown once, the same way), with their delivery log
(read-only) and a "send a test event" action."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from stoa.api.keys import issue_key, needs_member, revoke_key
from stoa.api.models import (
    TEST_EVENT,
    AnalyzedComment,
    ApiKey,
    DeliveryStatus,
    Scope,
    SuggestedScore,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)
from stoa.api.webhooks import InvalidWebhookUrl, attempt, check_webhook_url, issue_secret, ping_data, record_event
from stoa.moderation.actions import MODERATE_PERMISSION


class ApiKeyForm(forms.ModelForm):
    """Name, scopes, quota and the member the key acts for: chosen here, never taken from the admin saving it."""

    scopes = forms.MultipleChoiceField(
        choices=[(scope.value, scope.value) for scope in Scope],
        widget=forms.CheckboxSelectMultiple,
        help_text="score: the Perspective-compatible endpoint; read, comment, moderate: the REST API.",
    )

    class Meta:
        model = ApiKey
        fields = ("name", "scopes", "qps", "acts_for")

    def clean(self) -> dict:
        cleaned = super().clean()
        scopes, member = cleaned.get("scopes") or [], cleaned.get("acts_for")
        if member is None and needs_member(scopes):
            self.add_error(
                "acts_for",
                "A key with the comment or moderate scope writes as a member: choose the member it acts for (its "
                "comments go through that member's moderation), or untick those scopes.",
            )
        elif member is not None and Scope.MODERATE in scopes and not member.has_perm(MODERATE_PERMISSION):
            self.add_error(
                "acts_for", f"{member.get_username()} is not a moderator, so a moderate key cannot act for them."
            )
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = (
        "name",
        "prefix",
        "scope_list",
        "acts_for",
        "qps",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), ("acts_for", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "acts_for__username")
    list_select_related = ("acts_for", "created_by")
    autocomplete_fields = ("acts_for",)
    actions = ("revoke_selected",)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> tuple[str, ...]:
        return () if obj is None else ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> tuple[str, ...]:
        return ("name", "scopes", "acts_for", "qps", *self.get_readonly_fields(request, obj))

    @admin.display(description="scopes")
    def scope_list(self, key: ApiKey) -> str:
        return ", ".join(key.scopes)

    def save_model(self, request: HttpRequest, obj: ApiKey, form, change: bool) -> None:
        self._warn_of_staff_trust(request, obj)
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user  # a record of who made it; the key acts only for ``acts_for``
        plaintext = issue_key(obj)
        messages.warning(
            request,
            f"The new API key is {plaintext} — copy it now: it is shown only this once (Stoa keeps only its hash).",
        )

    @staticmethod
    def _warn_of_staff_trust(request: HttpRequest, key: ApiKey) -> None:
        """A comment key for a staff member writes as staff: with ``STOA_TRUST_STAFF`` its comments skip the
        content checks, so say so (an integration usually wants an ordinary member of its own)."""
        member = key.acts_for
        trusted = settings.CONFIG.trust_staff and member is not None and member.has_perm(MODERATE_PERMISSION)
        if trusted and Scope.COMMENT in key.scopes:
            messages.warning(
                request,
                f"This key writes as {member.get_username()}, who is staff: with STOA_TRUST_STAFF its comments are "
                "published without the content checks. For an integration, make it act for a member of its own.",
            )

    @admin.action(description="Revoke the selected API keys")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        now = timezone.now()
        live = list(queryset.filter(revoked_at__isnull=True))
        for key in live:
            revoke_key(key, now=now)
        messages.success(request, f"Revoked {len(live)} API key(s); clients using them are refused from now on.")


class _ReadOnlyAdmin(admin.ModelAdmin):
    """What clients gave for model improvement: for reading (and deleting), never for editing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SuggestedScore)
class SuggestedScoreAdmin(_ReadOnlyAdmin):
    list_display = ("created_at", "api_key", "client_token", "community_id", "attribute_scores")


@admin.register(AnalyzedComment)
class AnalyzedCommentAdmin(_ReadOnlyAdmin):
    list_display = ("created_at", "api_key", "client_token", "model", "scores")


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=[(event.value, event.value) for event in WebhookEvent],
        widget=forms.CheckboxSelectMultiple,
        help_text="What this URL is told about; docs/webhooks.md shows each payload.",
    )

    class Meta:
        model = Webhook
        fields = ("url", "events", "active")

    def clean_url(self) -> str:
        try:
            return check_webhook_url(self.cleaned_data["url"])
        except InvalidWebhookUrl as error:
            raise forms.ValidationError(str(error)) from error


def _show_secret_once(request: HttpRequest, webhook: Webhook, secret: str) -> None:
    messages.warning(
        request,
        f"The signing secret of {webhook.url} is {secret} — copy it into the receiving program now: it is shown "
        "only this once (choose “Replace the signing secret” to get a new one).",
    )


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "event_list", "active", "secret_hint", "delivery_log", "created_by", "created_at")
    list_filter = ("active",)
    search_fields = ("url",)
    actions = ("send_test_event", "replace_secret")

    def get_readonly_fields(self, request: HttpRequest, obj: Webhook | None = None) -> tuple[str, ...]:
        return () if obj is None else ("secret_hint", "delivery_log", "created_by", "created_at")

    def get_fields(self, request: HttpRequest, obj: Webhook | None = None) -> tuple[str, ...]:
        return ("url", "events", "active", *self.get_readonly_fields(request, obj))

    @admin.display(description="events")
    def event_list(self, webhook: Webhook) -> str:
        return ", ".join(webhook.events)

    @admin.display(description="secret")
    def secret_hint(self, webhook: Webhook) -> str:
        return webhook.secret_hint

    @admin.display(description="deliveries")
    def delivery_log(self, webhook: Webhook) -> str:
        url = reverse("admin:api_webhookdelivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        return format_html('<a href="{}">delivery log</a>', url)

    def save_model(self, request: HttpRequest, obj: Webhook, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user
        _show_secret_once(request, obj, issue_secret(obj))

    @admin.action(description="Send a test event to the selected webhooks")
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        """A ``webhook.test`` delivery to each, whatever events it chose (even an inactive one: it is a test),
        tried now, in this request, so the admin sees the answer; a failed try is retried like any other."""
        for webhook in queryset.order_by("id"):
            [delivery] = record_event(TEST_EVENT, ping_data(webhook), webhooks=[webhook])
            sent = attempt(delivery.pk, even_inactive=True) or delivery
            code = f" (HTTP {sent.last_response_code})" if sent.last_response_code else ""
            detail = f": {sent.last_error}" if sent.last_error and sent.status != DeliveryStatus.DELIVERED else ""
            level = messages.SUCCESS if sent.status == DeliveryStatus.DELIVERED else messages.WARNING
            text = f"Test event #{sent.pk} to {webhook.url}: {sent.get_status_display()}{code}{detail}"
            messages.add_message(request, level, text)

    @admin.action(description="Replace the signing secret of the selected webhooks")
    def replace_secret(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for webhook in queryset.order_by("id"):
            _show_secret_once(request, webhook, issue_secret(webhook))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_ReadOnlyAdmin):
    """The delivery log: what was sent where, how many tries, and the last answer."""

    list_display = (
        "created_at",
        "event",
        "webhook",
        "status",
        "attempts",
        "last_response_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event", "webhook")
    list_select_related = ("webhook",)
