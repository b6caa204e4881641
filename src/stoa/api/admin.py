"""Admins make and revoke API keys here; the new key is shown once, in a message, and never again."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from stoa.api.keys import issue_key, revoke_key
from stoa.api.models import AnalyzedComment, ApiKey, Scope, SuggestedScore


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(scope.value, scope.value) for scope in Scope],
        widget=forms.CheckboxSelectMultiple,
        help_text="score: the Perspective-compatible endpoint; read, comment, moderate: the REST API.",
    )

    class Meta:
        model = ApiKey
        fields = ("name", "scopes", "qps")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "prefix", "scope_list", "qps", "created_at", "created_by", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    actions = ("revoke_selected",)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> tuple[str, ...]:
        return () if obj is None else ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> tuple[str, ...]:
        return ("name", "scopes", "qps", *self.get_readonly_fields(request, obj))

    @admin.display(description="scopes")
    def scope_list(self, key: ApiKey) -> str:
        return ", ".join(key.scopes)

    def save_model(self, request: HttpRequest, obj: ApiKey, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user
        plaintext = issue_key(obj)
        messages.warning(
            request,
            f"The new API key is {plaintext} — copy it now: it is shown only this once (Stoa keeps only its hash).",
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
