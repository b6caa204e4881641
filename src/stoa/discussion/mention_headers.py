"""Advertising the mention endpoints on post pages, in HTTP headers: ``Link: <…>; rel="webmention"`` (checked first
by Webmention senders) and ``X-Pingback`` (the Pingback spec's header). The ``<link>`` tags are in the template."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class AdvertiseMentionEndpoints:
    """Middleware: add the two headers to a post page's successful answer (no query, no other page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.view_name == "blog:post" and response.status_code == 200:
            base = settings.CONFIG.site_url.rstrip("/")
            webmention = f'<{base}{reverse("mentions:webmention")}>; rel="webmention"'
            link = response.headers.get("Link")
            response.headers["Link"] = f"{link}, {webmention}" if link else webmention
            response.headers["X-Pingback"] = f"{base}{reverse('mentions:xmlrpc')}"
        return response
