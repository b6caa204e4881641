"""Threads and comments.

A thread belongs to a post (or, later, to any page that embeds the widget). Comments are numbered per thread in
order of publication: the number is given when a comment is first published and never changes, so "see #5"
stays true. ``parent`` places a reply in the tree (clamped to the depth limit); ``in_reply_to`` keeps the
comment it actually answers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from stoa.moderation.decisions import Status


class Thread(models.Model):
    """The comments of one page. ``key`` is unique, so creating a thread on first use is race-free."""

    key = models.CharField(max_length=300, unique=True)
    post = models.OneToOneField("blog.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="thread")
    title = models.CharField(max_length=200, blank=True)
    closed = models.BooleanField(default=False)
    last_number = models.PositiveIntegerField(default=0, help_text="Highest comment number given so far.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title or self.key


class CommentKind(models.TextChoices):
    """What a thread entry is: a comment written here, or a notice that another page links to the post."""

    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"
    WEBMENTION = "webmention"


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    source_url = models.URLField(max_length=500, blank=True, help_text="The linking page, for a mention.")
    number = models.PositiveIntegerField(null=True, blank=True, help_text="Given on first publication.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    in_reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    guest_name = models.CharField(max_length=80, blank=True)
    guest_email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    guest_website = models.URLField(blank=True)
    body = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=[(s.value, s.value) for s in Status], db_index=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", "Can moderate comments")]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="comment_number_unique_per_thread"),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | ~Q(guest_name=""), name="comment_has_author_or_guest_name"
            ),
        ]
        indexes = [models.Index(fields=["thread", "status", "created_at"])]

    def __str__(self) -> str:
        label = f"#{self.number}" if self.number else f"(unnumbered {self.pk})"
        return f"{label} by {self.author_name}"

    def get_absolute_url(self) -> str:
        base = self.thread.post.get_absolute_url() if self.thread.post_id else self.thread.key
        return f"{base}#{self.anchor}"

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author_id else self.guest_name

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def anchor(self) -> str:
        return f"c{self.number}" if self.number else f"pending-{self.pk}"


class NudgeOutcome(models.TextChoices):
    """What a writer did after the nudge: still ``nudged`` until their next submission from the same session."""

    NUDGED = "nudged"
    REVISED = "revised"
    POSTED_ANYWAY = "posted_anyway"
    ABANDONED = "abandoned"


class NudgeEvent(models.Model):
    """One nudge episode: a draft reached the hold band and its writer was asked to reconsider before posting.

    ``author`` for a member, else ``ip_hash`` (never the text, never the scores). The outcome is settled by the
    writer's next submission from the same session (``stoa.discussion.nudges``).
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="nudges")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=NudgeOutcome.choices, default=NudgeOutcome.NUDGED)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"nudge {self.pk} ({self.outcome})"


class MentionStatus(models.TextChoices):
    """Where a received mention stands. ``queued``: accepted, not verified yet; ``verified``: the source links
    here and the mention is in the thread (held or published, as moderation decided); ``no_link``: the source does
    not (or no longer) link here; ``gone``: the source answered 410; ``refused``: moderation or the thread refused
    it; ``failed``: the source could not be fetched (an earlier verified mention is left as it was)."""

    QUEUED = "queued"
    VERIFIED = "verified"
    NO_LINK = "no_link"
    GONE = "gone"
    REFUSED = "refused"
    FAILED = "failed"


class IncomingMention(models.Model):
    """A Webmention or Pingback received: one row per (source, post), so a re-sent mention updates the same one,
    however the target names the post (``…/#1``, ``…/#2``, another host of this site: the same row).

    ``target`` is the address as last sent (the source must link to it, or to the post's own address).
    ``comment`` is the thread entry it shows as, once verified. ``token`` names its public status page.
    ``claimed_until``: a verification is under way.
    """

    kind = models.CharField(max_length=10, choices=CommentKind.choices)
    source = models.URLField(max_length=500)
    target = models.URLField(max_length=500)
    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="+")
    comment = models.OneToOneField(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="mention")
    token = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=10, choices=MentionStatus.choices, default=MentionStatus.QUEUED)
    detail = models.CharField(max_length=300, blank=True, help_text="Why it stands where it does, in words.")
    content = models.TextField(blank=True, help_text="The excerpt last read from the source.")
    author_photo = models.URLField(max_length=500, blank=True, help_text="From the source's h-card (not shown).")
    published_on_source = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "post"], name="mention_once_per_source_post")]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} → {self.target} ({self.status})"


class OutgoingStatus(models.TextChoices):
    """Where telling a linked page stands. ``pending``: to try (again at ``next_attempt_at``); ``sent``: its
    endpoint accepted; ``no_endpoint``: the page offers neither Webmention nor Pingback; ``failed``: refused, or
    every try failed."""

    PENDING = "pending"
    SENT = "sent"
    NO_ENDPOINT = "no_endpoint"
    FAILED = "failed"


class OutgoingMention(models.Model):
    """A link in one of our posts and our tries to tell its page: one row per (post, target), so each link is
    told once however often the post is saved."""

    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="+")
    target = models.URLField(max_length=500)
    status = models.CharField(max_length=12, choices=OutgoingStatus.choices, default=OutgoingStatus.PENDING)
    protocol = models.CharField(max_length=10, blank=True, help_text="webmention or pingback, once discovered.")
    endpoint = models.URLField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "target"], name="outgoing_mention_once_per_link")]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.target} ({self.status})"
