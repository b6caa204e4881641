"""Serving uploaded post images from MEDIA_ROOT, in production too (a self-hosted site has no separate file server).

Only files that are a ``PostImage`` are served, so nothing else under the media folder is reachable and a path
is never taken from the request as it is. Readers see an image once its post is published and the image has passed
the consent gate; until then only the post's author and editors do. Every answer carries the image type the file
was recognised as, ``nosniff`` and a sandboxing content policy, so no upload is ever run as a page.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.static import serve

from stoa.blog.images import content_type_for
from stoa.blog.models import PostImage, PostStatus

EDIT_OTHERS_PERMISSION = "blog.edit_others_post"
PUBLIC_CACHE = "public, max-age=3600"  # short: an image taken down after a removal request should vanish soon


@require_safe
def post_image(request: HttpRequest, path: str) -> HttpResponse:
    image = PostImage.objects.select_related("post").filter(file=path).first()
    if image is None:
        raise Http404("No such image.")
    public = _visible_to_readers(image)
    if not public and not _may_preview(request.user, image):
        raise Http404("No such image.")
    response = serve(request, image.file.name, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = content_type_for(image.file.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = PUBLIC_CACHE if public else "private, no-store"
    return response


def _visible_to_readers(image: PostImage) -> bool:
    post = image.post
    published = post.status == PostStatus.PUBLISHED and post.published_at and post.published_at <= timezone.now()
    return bool(published) and not image.awaits_approval


def _may_preview(user, image: PostImage) -> bool:
    """The post's author and editors see images of drafts and scheduled posts."""
    return user.is_authenticated and (image.post.author_id == user.pk or user.has_perm(EDIT_OTHERS_PERMISSION))
