"""The consent gate: a post showing an identifiable person without recorded consent needs an editor's approval.

Authors say, per image, whether someone identifiable is shown and whether they consented. An image of someone who
has not consented holds its post back from publishing until an editor (``blog.approve_image_without_consent``)
approves that image; the approval records who and when, and the refusal and the approval are both audited.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from stoa.blog.models import Post, PostImage
from stoa.moderation.audit import record_event

APPROVE_PERMISSION = "blog.approve_image_without_consent"


class PublicationRefused(Exception):
    """A post may not be published yet; ``message`` says why in words for its author."""

    def __init__(self, message: str, images: list[PostImage] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.images = images or []


class ApprovalNotNeeded(Exception):
    """The image does not need an editor's approval: nobody identifiable is shown, or they consented."""


def images_awaiting_approval(post: Post) -> list[PostImage]:
    """The post's images that show someone identifiable without consent and no editor has approved yet."""
    return [image for image in post.images.order_by("id") if image.awaits_approval]


def refuse_unless_images_cleared(post: Post, *, by, now: datetime) -> None:
    """Raise ``PublicationRefused`` (and audit it) if an image on ``post`` still awaits an editor's approval.

    The audit event is written before raising: call outside a transaction the refusal would roll back.
    """
    waiting = images_awaiting_approval(post)
    if not waiting:
        return
    names = ", ".join(f"'{image.file_name}'" for image in waiting)
    message = (
        f"This post shows an identifiable person without recorded consent (image{'s' if len(waiting) > 1 else ''} "
        f"{names}): an editor must approve it before it can be published."
    )
    record_event(
        "post.publish_refused",
        post,
        at=now,
        actor=by,
        reasons=[message],
        data={"images": [image.pk for image in waiting], "files": [image.file.name for image in waiting]},
    )
    raise PublicationRefused(message, waiting)


def approve_image_without_consent(image: PostImage, *, editor, now: datetime, note: str = "") -> PostImage:
    """An editor takes responsibility for showing ``image`` although its people have not consented."""
    if not editor.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied("Only an editor can approve an image shown without consent.")
    with transaction.atomic():
        locked = PostImage.objects.select_for_update().get(pk=image.pk)
        if not locked.awaits_approval:
            raise ApprovalNotNeeded(f"Image '{locked.file_name}' does not need an editor's approval.")
        locked.approved_without_consent_by, locked.approved_at = editor, now
        locked.save(update_fields=["approved_without_consent_by", "approved_at"])
        record_event(
            "image.approved_without_consent",
            locked,
            at=now,
            actor=editor,
            reasons=[note] if note else [],
            data={
                "post": locked.post_id,
                "file": locked.file.name,
                "people_shown": [person.name for person in locked.people_shown.all()],
            },
        )
    image.approved_without_consent_by, image.approved_at = locked.approved_without_consent_by, locked.approved_at
    return image


def withdraw_approval(image: PostImage) -> None:
    """A replaced file is a new picture: an approval given for the old one no longer holds (not saved here)."""
    image.approved_without_consent_by = None
    image.approved_at = None
