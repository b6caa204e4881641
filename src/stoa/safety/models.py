"""What pile-on defence stores: people who may be talked about, comments aimed at them, shields, removal requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Person(models.Model):
    """Someone comments may be aimed at by name: registered by editors, by a post, or a member's own name."""

    class Source(models.TextChoices):
        EDITOR = "editor", "Added by an editor"
        POST = "post", "Discussed in a post"
        MEMBER = "member", "A member's display name"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text='Other names, e.g. ["Natasha", "Ms Allmark"].')
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="person"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EDITOR)
    posts = models.ManyToManyField("blog.Post", blank=True, related_name="people_discussed")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class AimedComment(models.Model):
    """One comment aimed at one target, and whether it was hostile: the detector's memory across processes."""

    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="aimed_at")
    target_key = models.CharField(max_length=160, help_text="member:<username>, person:<slug> or name:<slug>.")
    target_label = models.CharField(max_length=160)
    target_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="aimed_at_me"
    )
    why = models.CharField(max_length=200, help_text="'reply to #12', 'names Greenstein'.")
    hostile = models.BooleanField(default=False)
    author_key = models.CharField(max_length=80, help_text="member:<username> or guest:<email hash prefix>.")
    author_first_comment = models.BooleanField(default=False, help_text="The author had no approved comment yet.")
    author_joined = models.DateTimeField(null=True, blank=True, help_text="The author's account creation; none: guest.")
    author_knows_target = models.BooleanField(default=False, help_text="A prior approved exchange with the target.")
    at = models.DateTimeField(db_index=True)
    collapsed = models.BooleanField(default=False, help_text="Hidden from readers pending review while shielded.")
    held_by_shield = models.BooleanField(
        default=False, help_text="The comment waits because a shield on this target stood between them."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "target_key"], name="aimed_once_per_target")]
        indexes = [models.Index(fields=["target_key", "at"]), models.Index(fields=["author_key", "target_key"])]

    def __str__(self) -> str:
        return f"#{self.comment_id} → {self.target_label}"


class Shield(models.Model):
    """A time-limited protection of one target: new comments at them from people without history are held."""

    class Origin(models.TextChoices):
        ALERT = "alert", "Opened by the pile-on detector"
        MODERATOR = "moderator", "Opened by a moderator"
        SELF = "self", "Opened by the member themselves"

    target_key = models.CharField(max_length=160, db_index=True)
    target_label = models.CharField(max_length=160)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="shields"
    )
    origin = models.CharField(max_length=10, choices=Origin.choices)
    reason = models.TextField(max_length=2000)
    alert = models.JSONField(default=dict, blank=True, help_text="The detector's numbers and comments.")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until ended (a member's own shield).")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    lifted_notice_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member and moderators were told it ran out (``stoa tick``)."
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            # At most one shield per target not yet closed: two workers opening one at once get one.
            models.UniqueConstraint(
                fields=["target_key"], condition=models.Q(ended_at__isnull=True), name="one_unended_shield_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"shield for {self.target_label}"

    def is_open(self, now) -> bool:
        """Open from ``opened_at`` until ended or past ``ends_at``."""
        return self.ended_at is None and (self.ends_at is None or self.ends_at > now)


class ShieldHelper(models.Model):
    """A member chosen by a shielded member to review their 'later' folder for them."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shield_helpers")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helping")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "helper"], name="helper_once"),
            models.CheckConstraint(condition=~models.Q(member=models.F("helper")), name="helper_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.helper_id} helps {self.member_id}"


class RemovalRequest(models.Model):
    """A private request from someone shown or named in a post or comment: the author sees it first."""

    class What(models.TextChoices):
        PHOTO = "photo", "A photo of me"
        NAME = "name", "My name"
        DETAILS = "details", "My personal details"
        ACCUSATION = "accusation", "An accusation about me"

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the requester to confirm their email"
        WITH_AUTHOR = "with_author", "With the author"
        EDITED = "edited", "The author edited it"
        REMOVED = "removed", "The author removed it"
        DECLINED = "declined", "The author declined; with the moderators"
        ESCALATED = "escalated", "With the moderators"
        UPHELD = "upheld", "The moderators removed or changed it"
        REFUSED = "refused", "The moderators kept it"

    receipt = models.CharField(max_length=11, unique=True)
    post = models.ForeignKey("blog.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("discussion.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    requester_name = models.CharField(max_length=120)
    requester_email_hash = models.CharField(max_length=64, blank=True)
    requester_ip_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the address a non-member filed from (daily cap)."
    )
    what = models.CharField(max_length=12, choices=What.choices)
    why = models.TextField(max_length=4000)
    change_asked = models.TextField(max_length=2000)
    state = models.CharField(max_length=12, choices=State.choices, db_index=True)
    author_answer = models.TextField(max_length=4000, blank=True)
    moderator_answer = models.TextField(max_length=4000, blank=True)
    created_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    escalated_because = models.CharField(
        max_length=200, blank=True, help_text="Why it went to the moderators without the author's answer."
    )
    in_flood = models.BooleanField(
        default=False, help_text="Sent to the moderators instead of the author: many people filed about the same thing."
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False) | models.Q(comment__isnull=False), name="removal_has_subject"
            )
        ]
        indexes = [
            # The flood limits count a requester's (or an address's) requests of the last day.
            models.Index(fields=["requester_email_hash", "created_at"], name="removal_by_email_recent"),
            models.Index(fields=["requester_ip_hash", "created_at"], name="removal_by_ip_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.receipt}: {self.get_what_display()}"
