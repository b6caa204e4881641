"""Posts in the admin: authors write their own, editors anyone's; images carry who is shown and their consent."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from stoa.blog.image_consent import (
    APPROVE_PERMISSION,
    PublicationRefused,
    approve_image_without_consent,
    withdraw_approval,
)
from stoa.blog.images import ACCEPT, markdown_for
from stoa.blog.models import Category, ImageConsent, Post, PostImage, PostStatus, Tag
from stoa.blog.services import PUBLISH_PERMISSION, publish_post
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.overrides import overridable
from stoa.safety.models import Person

EDIT_OTHERS_PERMISSION = "blog.edit_others_post"
MODERATION_FIELDS = ("premoderate_comments", "moderation_overrides")  # moderators' defences: authors only see them
OVERRIDES_HELP = (
    "Overrides take the names of the site's moderation settings (docs/moderation.md): "
    + ", ".join(overridable())
    + '. Durations (…_seconds) take seconds or "72h"; thresholds are laid over the site\'s.'
)


def _may_edit_others(request) -> bool:
    return request.user.has_perm(EDIT_OTHERS_PERMISSION)


class RowsUnchangedWhenAbsent(BaseInlineFormSet):
    """A submission without this inline's management form (a script posting only the post's own fields) leaves the
    inline's rows as they are, instead of failing the whole save as "tampered with"."""

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        if self.is_bound and f"{self.prefix}-TOTAL_FORMS" not in self.data:
            self.data = self.data.copy()
            self.data.update({f"{self.prefix}-TOTAL_FORMS": "0", f"{self.prefix}-INITIAL_FORMS": "0"})


class PostImageForm(forms.ModelForm):
    """An image's fields, plus the editor's approval of an image shown without consent."""

    approve_without_consent = forms.BooleanField(
        required=False,
        label="Approve without consent",
        help_text="As an editor, I have checked that this image may be shown although its people have not consented.",
    )

    class Meta:
        model = PostImage
        fields = (
            "file",
            "alt_text",
            "caption",
            "shows_identifiable_person",
            "people_shown",
            "consent",
            "consent_note",
        )
        widgets = {"file": AdminFileWidget(attrs={"accept": ACCEPT})}

    def clean(self) -> dict:
        cleaned = super().clean()
        without_consent = cleaned.get("consent") == ImageConsent.NOT_RECORDED
        if cleaned.get("approve_without_consent") and not without_consent:
            self.add_error("approve_without_consent", "Only an image of someone who has not consented needs this.")
        return cleaned


class PostImageAuthorForm(PostImageForm):
    approve_without_consent = None  # approving is for editors: the field is not even offered


class PostImageInline(admin.StackedInline):
    """The post's images: upload, describe, say who is shown and whether they consented; editors approve."""

    model = PostImage
    form = PostImageForm
    formset = RowsUnchangedWhenAbsent
    extra = 0
    autocomplete_fields = ("people_shown",)
    readonly_fields = ("markdown", "approval")
    fields = (
        "file",
        "markdown",
        "alt_text",
        "caption",
        "shows_identifiable_person",
        "people_shown",
        "consent",
        "consent_note",
        "approval",
    )

    def get_fields(self, request, obj=None):
        may_approve = request.user.has_perm(APPROVE_PERMISSION)
        return (*self.fields, "approve_without_consent") if may_approve else self.fields

    def get_formset(self, request, obj=None, **kwargs):
        if not request.user.has_perm(APPROVE_PERMISSION):
            kwargs["form"] = PostImageAuthorForm
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description="Markdown to paste")
    def markdown(self, image: PostImage) -> str:
        return markdown_for(image) if image.pk else "Shown once the image is saved."

    @admin.display(description="Editor's approval")
    def approval(self, image: PostImage) -> str:
        if image.approved_at:
            editor = image.approved_without_consent_by
            who = editor.get_username() if editor else "an account since deleted"
            return f"Approved without consent by {who} on {image.approved_at:%Y-%m-%d %H:%M} UTC"
        if image.pk and image.awaits_approval:
            return "Awaiting an editor's approval: the post cannot be published until then."
        return "Not needed"


class PeopleDiscussedInline(admin.TabularInline):
    """The people the post discusses: choosing them here puts the post on their entry in the register."""

    model = Person.posts.through
    formset = RowsUnchangedWhenAbsent
    autocomplete_fields = ("person",)
    extra = 1
    verbose_name = "person discussed"
    verbose_name_plural = "people discussed"

    def has_view_permission(self, request, obj=None) -> bool:
        """Shown to those who fill the register (editors), not to authors who may only look people up."""
        return self.has_change_permission(request, obj)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "byline", "status", "published_at")
    list_select_related = ("author",)
    list_filter = ("status", "categories")
    search_fields = ("title", "body", "guest_author_name")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories", "tags")
    date_hierarchy = "published_at"
    inlines = (PostImageInline, PeopleDiscussedInline)
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "excerpt", "categories", "tags")}),
        ("Publishing", {"fields": ("author", "status", "published_at", "comments_closed")}),
        (
            "Moderation",
            {
                "fields": MODERATION_FIELDS,
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
        """An author cannot reassign a post, nor, without the moderators' permission, change how its comments are
        moderated (switching off the doxxing or pile-on defences under their own post)."""
        readonly = () if _may_edit_others(request) else ("author",)
        return readonly if request.user.has_perm(MODERATE_PERMISSION) else (*readonly, *MODERATION_FIELDS)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.author_id == request.user.pk or _may_edit_others(request))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.author_id == request.user.pk or _may_edit_others(request))

    def save_model(self, request, obj, form, change) -> None:
        if not change and not _may_edit_others(request):
            obj.author = request.user
        if obj.status == PostStatus.PUBLISHED:
            obj.status = PostStatus.DRAFT  # published in save_related, once its images are saved and checked
            if not request.user.has_perm(PUBLISH_PERMISSION):
                self.message_user(request, "Saved as a draft: you may not publish posts.", level="warning")
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        """Save the images, then record the editor's approvals (a replaced file needs approving again)."""
        if formset.model is not PostImage:
            return super().save_formset(request, form, formset, change)
        for image_form in formset.initial_forms:
            if "file" in image_form.changed_data:
                withdraw_approval(image_form.instance)
        formset.save()
        for image_form in formset.forms:
            image = image_form.instance
            if image_form in formset.deleted_forms or not image_form.cleaned_data.get("approve_without_consent"):
                continue
            if image.awaits_approval:
                approve_image_without_consent(image, editor=request.user, now=timezone.now())
        return None

    def save_related(self, request, form, formsets, change) -> None:
        """After the images are saved, publish if asked to: the consent gate may keep the post a draft."""
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("status") != PostStatus.PUBLISHED or not request.user.has_perm(PUBLISH_PERMISSION):
            return
        try:
            publish_post(form.instance, by=request.user, now=timezone.now())
        except PublicationRefused as refusal:
            hint = ""
            if request.user.has_perm(APPROVE_PERMISSION):
                hint = " Tick 'Approve without consent' on the image once you have checked it may be shown."
            self.message_user(request, f"Saved as a draft. {refusal.message}{hint}", level=messages.ERROR)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ("name",)}
