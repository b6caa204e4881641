from django.contrib import admin

from stoa.moderation.models import AuditEvent, CommunityRule, WordRule


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ("phrase", "action", "note")
    list_filter = ("action",)
    search_fields = ("phrase",)


@admin.register(CommunityRule)
class CommunityRuleAdmin(admin.ModelAdmin):
    """The rules on /rules/: editors and admins edit them; deactivate a rule rather than delete one decisions cite."""

    list_display = ("position", "title", "active")
    list_display_links = ("title",)
    list_editable = ("active",)
    list_filter = ("active",)
    search_fields = ("title", "explanation")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is append-only: viewable here, never changed or deleted."""

    list_display = ("at", "actor_label", "action", "target_type", "target_id")
    list_filter = ("action",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
