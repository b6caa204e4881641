from django.contrib import admin

from stoa.blog.models import Category, Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "byline", "status", "published_at")
    list_filter = ("status", "categories")
    search_fields = ("title", "body", "guest_author_name")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories", "tags")
    date_hierarchy = "published_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "excerpt", "categories", "tags")}),
        ("Publishing", {"fields": ("author", "status", "published_at", "comments_closed")}),
        ("Guest post", {"fields": ("guest_author_name", "guest_author_url", "guest_author_bio"),
                        "classes": ("collapse",)}),
    )  # fmt: skip

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk}

    def save_model(self, request, obj, form, change) -> None:
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
