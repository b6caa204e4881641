"""``/embed.js``: the comment widget's script at the site's root, the one address every host page's snippet names.

The file is the static ``stoa/embed.js`` (no build step), served by this view rather than a redirect to
``/static/``, so that it works the same under ``stoa serve`` (whitenoise, DEBUG off) and in development. Its
address never changes, so it cannot be cached forever like a hashed static file: browsers keep it for a day, may
use a stale copy for a week while they check again, and check cheaply with its ETag (a 304 without the body).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

SCRIPT = "stoa/embed.js"
MAX_AGE = 24 * 3600
STALE_WHILE_REVALIDATE = 7 * 24 * 3600
CONTENT_TYPE = "text/javascript; charset=utf-8"


@dataclass(frozen=True)
class Script:
    content: bytes
    etag: str


@cache
def _load(path: str, modified_ns: int) -> Script:
    """The script's bytes and ETag, read once per version of the file (a new modification time reads it again)."""
    content = Path(path).read_bytes()
    return Script(content=content, etag=quote_etag(hashlib.sha256(content).hexdigest()[:32]))


def widget_script() -> Script:
    path = finders.find(SCRIPT)
    if path is None:
        raise Http404(f"The widget's script {SCRIPT} is missing from the static files.")
    return _load(path, Path(path).stat().st_mtime_ns)


@require_safe
def embed_script(request: HttpRequest) -> HttpResponse:
    """The widget, as JavaScript any page may load with a ``<script>`` tag (and embed on a cross-origin-isolated
    page: ``Cross-Origin-Resource-Policy: cross-origin``); a 304 with the same caching headers when unchanged."""
    script = widget_script()
    response = HttpResponse(script.content, content_type=CONTENT_TYPE)
    response["ETag"] = script.etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return get_conditional_response(request, etag=script.etag, response=response)
