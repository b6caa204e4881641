"""Posts and how they are filed: categories, tags, guest authors for guest posts, and the images they show."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from stoa.blog.images import post_image_path, validate_post_image
from stoa.moderation.overrides import InvalidOverrides, parse_overrides
from stoa.rendering import render_post


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:category", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", args=[self.slug])


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedPosts(models.QuerySet):
    def published(self, now=None) -> PublishedPosts:
        """Posts a reader may see: published, and not scheduled for later."""
        return self.filter(status=PostStatus.PUBLISHED, published_at__lte=now or timezone.now())


class Post(models.Model):
    """A blog post. ``author`` is the account that wrote or submitted it; a guest byline overrides it."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(editable=False, default="")
    excerpt = models.TextField(blank=True, help_text="Shown on the index and in feeds; the first paragraph if empty.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    guest_author_name = models.CharField(max_length=120, blank=True, help_text="Set for a guest post.")
    guest_author_url = models.URLField(blank=True)
    guest_author_bio = models.TextField(blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    comments_closed = models.BooleanField(default=False, help_text="Refuse new comments on this post.")
    premoderate_comments = models.BooleanField(
        default=False, help_text="Hold every new comment on this post for a moderator (staff excepted)."
    )
    moderation_overrides = models.JSONField(
        default=dict,
        blank=True,
        help_text='Moderation settings for this post over the site\'s, as JSON, e.g. {"max_links": 5, '
        '"hold_thresholds": {"insult": 0.6}, "premoderate_first_comments": 3}.',
    )

    objects = PublishedPosts.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("publish_post", "Can publish posts"), ("edit_others_post", "Can edit others' posts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="published_post_has_date"
            ),
        ]
        indexes = [models.Index(fields=["slug", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_post(self.body)
        self.moderation_overrides = parse_overrides(self.moderation_overrides or {})  # InvalidOverrides if bad
        if self.status == PostStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=self._permalink_args())

    def clean(self) -> None:
        """The moderation overrides must name known settings with values of the right kind (every problem is
        listed, so the admin form shows them all at once)."""
        try:
            self.moderation_overrides = parse_overrides(self.moderation_overrides or {})
        except InvalidOverrides as error:
            raise ValidationError({"moderation_overrides": [f"{problem}." for problem in error.problems]}) from error

    @property
    def score_thresholds(self) -> dict:
        """The post's own hold thresholds: the ``hold_thresholds`` override, under the name its field had before
        overrides were generalised (``Post(score_thresholds=…)`` still works)."""
        return dict((self.moderation_overrides or {}).get("hold_thresholds", {}))

    @score_thresholds.setter
    def score_thresholds(self, thresholds: dict) -> None:
        others = {key: value for key, value in (self.moderation_overrides or {}).items() if key != "hold_thresholds"}
        self.moderation_overrides = others | ({"hold_thresholds": dict(thresholds)} if thresholds else {})

    @property
    def is_guest_post(self) -> bool:
        return bool(self.guest_author_name)

    @property
    def byline(self) -> str:
        if self.is_guest_post:
            return f"Guest post from {self.guest_author_name}"
        return f"By {self.author.public_name}"

    def get_comments_feed_url(self) -> str:
        return reverse("blog:comments-feed", args=self._permalink_args())

    def _permalink_args(self) -> list:
        """Year, month, day in the site's time zone (not UTC), then the slug: every dated address uses these."""
        local = timezone.localtime(self.published_at or timezone.now())
        return [local.year, f"{local.month:02d}", f"{local.day:02d}", self.slug]


class ImageConsent(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not needed: no identifiable person"
    RECORDED = "recorded", "Consent recorded"
    NOT_RECORDED = "not_recorded", "No consent recorded"


class PostImage(models.Model):
    """An image uploaded for a post, with whom it shows and whether they agreed to be shown.

    While an image shows someone identifiable without recorded consent, its post cannot be published until an
    editor approves that image (``stoa.blog.image_consent``).
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(
        upload_to=post_image_path,
        max_length=200,
        validators=[validate_post_image],
        help_text="A JPEG, PNG, WebP or GIF image (SVG is not accepted).",
    )
    alt_text = models.CharField(
        "alt text", max_length=300, help_text="What the image shows, for readers who cannot see it."
    )
    caption = models.CharField(max_length=300, blank=True)
    shows_identifiable_person = models.BooleanField(
        default=False, help_text="Someone could be recognised in it: a face, a name, a distinctive tattoo or home."
    )
    people_shown = models.ManyToManyField(
        "safety.Person", blank=True, related_name="post_images", help_text="Who is shown, if they are in the register."
    )
    consent = models.CharField(
        max_length=12,
        choices=ImageConsent.choices,
        help_text="Whether the people shown agreed to be shown here.",
    )
    consent_note = models.TextField(
        max_length=1000, blank=True, help_text="How and when they consented, e.g. 'by email to the author, 3 March'."
    )
    approved_without_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        permissions = [("approve_image_without_consent", "Can approve an image shown without its people's consent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(shows_identifiable_person=False, consent=ImageConsent.NOT_NEEDED)
                | Q(shows_identifiable_person=True, consent__in=[ImageConsent.RECORDED, ImageConsent.NOT_RECORDED]),
                name="image_consent_fits_who_is_shown",
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=False) | Q(approved_without_consent_by__isnull=True),
                name="image_approval_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def awaits_approval(self) -> bool:
        """It shows someone identifiable who has not consented, and no editor has approved it yet."""
        return self.shows_identifiable_person and self.consent != ImageConsent.RECORDED and self.approved_at is None

    def clean(self) -> None:
        """Who is shown and the consent must agree, and recorded consent says how it was given."""
        if self.shows_identifiable_person and self.consent == ImageConsent.NOT_NEEDED:
            raise ValidationError({"consent": "Someone identifiable is shown: say whether they consented."})
        if not self.shows_identifiable_person and self.consent in (ImageConsent.RECORDED, ImageConsent.NOT_RECORDED):
            raise ValidationError(
                {"shows_identifiable_person": "Tick this if someone can be recognised, or set consent to 'not needed'."}
            )
        if self.consent == ImageConsent.RECORDED and not self.consent_note.strip():
            raise ValidationError({"consent_note": "Say how and when they consented."})
