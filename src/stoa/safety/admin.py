"""The register of people in the admin (editors fill it), and read-only views of shields and removal requests."""

from django.contrib import admin

from stoa.safety.models import Person, RemovalRequest, Shield


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "member")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("posts",)
    raw_id_fields = ("member",)


@admin.register(Shield)
class ShieldAdmin(admin.ModelAdmin):
    """Shields are opened and ended through the site (audited); the admin only shows them."""

    list_display = ("target_label", "origin", "opened_at", "ends_at", "ended_at")
    list_filter = ("origin",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RemovalRequest)
class RemovalRequestAdmin(admin.ModelAdmin):
    """Removal requests are private: answered through the site by the author, then by moderators."""

    list_display = ("receipt", "what", "state", "created_at", "deadline")
    list_filter = ("state", "what", "in_flood")
    exclude = ("requester_email_hash", "requester_ip_hash")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
