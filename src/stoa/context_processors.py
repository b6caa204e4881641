"""Values every template can use."""

from functools import partial

from django.conf import settings
from django.http import HttpRequest

from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.notifications import unread_count


def site(request: HttpRequest) -> dict:
    """The site's name and public URL, whether the reader may moderate, and their unread notifications (header)."""
    user = request.user
    return {
        "site_name": settings.CONFIG.site_name,
        "site_url": settings.CONFIG.site_url.rstrip("/"),
        "can_moderate": user.is_authenticated and user.has_perm(MODERATE_PERMISSION),
        # A callable, so the count is queried only where the header shows it (signed-in readers).
        "inbox_unread": partial(unread_count, user) if user.is_authenticated else 0,
    }
