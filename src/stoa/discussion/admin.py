from django.contrib import admin

from stoa.discussion.models import Comment, IncomingMention, OutgoingMention, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "closed", "last_number")
    list_editable = ("closed",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the moderation queue so they are checked and audited."""

    list_display = ("__str__", "thread", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("body", "guest_name")
    readonly_fields = (
        "thread",
        "number",
        "parent",
        "in_reply_to",
        "depth",
        "author",
        "guest_name",
        "guest_email_hash",
        "ip_hash",
        "status",
        "body_html",
        "created_at",
        "published_at",
        "edited_at",
    )
    exclude = ("body",)


@admin.register(IncomingMention)
class IncomingMentionAdmin(admin.ModelAdmin):
    """Read-only: a received Webmention or Pingback and where it stands; its entry is moderated as a comment."""

    list_display = ("source", "target", "kind", "status", "received_at")
    list_filter = ("kind", "status")
    search_fields = ("source", "target")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutgoingMention)
class OutgoingMentionAdmin(admin.ModelAdmin):
    """Read-only: the links of our posts and our tries to tell them."""

    list_display = ("target", "post", "status", "protocol", "attempts", "next_attempt_at")
    list_filter = ("status", "protocol")
    search_fields = ("target",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
