"""Posts and how they are filed: categories, tags, and guest authors for guest posts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

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
    score_thresholds = models.JSONField(
        default=dict,
        blank=True,
        help_text='Hold thresholds for this post, over the site\'s: {"insult": 0.6, "threat": 0.3}.',
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
        if self.status == PostStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:post", args=self._permalink_args())

    def clean(self) -> None:
        """Per-post thresholds must name model attributes and be probabilities."""
        from stoa.detection.results import ATTRIBUTES

        if not isinstance(self.score_thresholds, dict):
            raise ValidationError({"score_thresholds": 'Write an object such as {"insult": 0.6}.'})
        for name, value in self.score_thresholds.items():
            if name not in ATTRIBUTES:
                raise ValidationError(
                    {"score_thresholds": f"Unknown attribute {name!r}; use one of {', '.join(ATTRIBUTES)}."}
                )
            if not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValidationError({"score_thresholds": f"{name} must be a number between 0 and 1."})

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
