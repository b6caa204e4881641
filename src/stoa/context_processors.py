"""Values every template can use."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The site's name and public URL, and whether the reader may moderate (for the header link)."""
    user = request.user
    return {
        "site_name": settings.CONFIG.site_name,
        "site_url": settings.CONFIG.site_url.rstrip("/"),
        "can_moderate": user.is_authenticated and user.has_perm("discussion.moderate_comment"),
    }
