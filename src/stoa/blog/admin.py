from django.contrib import admin

from stoa.blog.models import Category, Post, Tag
from stoa.moderation.overrides import overridable

EDIT_OTHERS_PERMISSION = "blog.edit_others_post"
OVERRIDES_HELP = (
    "Overrides take the names of the site's moderation settings (docs/moderation.md): "
    + ", ".join(overridable())
    + '. Durations (…_seconds) take seconds or "72h"; thresholds are laid over the site\'s.'
)


def _may_edit_others(request) -> bool:
    return request.user.has_perm(EDIT_OTHERS_PERMISSION)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "byline", "status", "published_at")
    list_select_related = ("author",)
    list_filter = ("status", "categories")
    search_fields = ("title", "body", "guest_author_name")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories", "tags")
    date_hierarchy = "published_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "excerpt", "categories", "tags")}),
        ("Publishing", {"fields": ("author", "status", "published_at", "comments_closed")}),
        (
            "Moderation",
            {
                "fields": ("premoderate_comments", "moderation_overrides"),
                "classes": ("collapse",),
                "description": OVERRIDES_HELP,
            },
        ),
        (
            "Guest post",
            {
                "fields": ("guest_author_name", "guest_author_url", "guest_author_bio"),
                "classes": ("collapse",),
            },
        ),
    )

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk}

    def get_queryset(self, request):
        """Without ``edit_others_post`` an author sees, and so can open, only their own posts."""
        posts = super().get_queryset(request)
        return posts if _may_edit_others(request) else posts.filter(author=request.user)

    def get_readonly_fields(self, request, obj=None):
        return () if _may_edit_others(request) else ("author",)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.author_id == request.user.pk or _may_edit_others(request))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.author_id == request.user.pk or _may_edit_others(request))

    def save_model(self, request, obj, form, change) -> None:
        if not change and not _may_edit_others(request):
            obj.author = request.user
        if obj.status == "published" and not request.user.has_perm("blog.publish_post"):
            obj.status = "draft"
            self.message_user(request, "Saved as a draft: you may not publish posts.", level="warning")
        super().save_model(request, obj, form, change)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ("name",)}
