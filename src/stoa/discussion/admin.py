from django.contrib import admin

from stoa.discussion.models import Comment, Thread


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
