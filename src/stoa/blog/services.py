"""What the blog does with posts, as plain functions: for now, publishing (every gate a post must pass first)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied

from stoa.blog.image_consent import refuse_unless_images_cleared
from stoa.blog.models import Post, PostStatus

PUBLISH_PERMISSION = "blog.publish_post"


def publish_post(post: Post, *, by, now: datetime) -> Post:
    """Publish ``post`` (dated ``now`` unless it has a date) if ``by`` may and its images are cleared.

    Raises ``PermissionDenied`` without ``blog.publish_post``, and ``PublicationRefused`` (audited) while an image
    shows an identifiable person without recorded consent or an editor's approval.
    """
    if not by.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("You may not publish posts.")
    refuse_unless_images_cleared(post, by=by, now=now)
    post.status = PostStatus.PUBLISHED
    post.published_at = post.published_at or now
    post.save()
    return post
