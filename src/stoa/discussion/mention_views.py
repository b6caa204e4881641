"""HTTP for mentions: the Webmention endpoint (202 and a status page), and the Pingback XML-RPC endpoint.

Both take POSTs from other servers, so neither asks for a CSRF token. Webmention answers are JSON, or a short
HTML page for a person whose browser asks for HTML; Pingback answers are XML-RPC, faults included, always 200.
Anyone may call both, and each call makes Stoa fetch a page, so one client address may send at most
``STOA_MENTIONS_PER_MINUTE`` (both endpoints together), counted in Django's cache in one-minute windows as the
API's quotas are (``stoa.api.quota``); the address is kept only as a hash in the cache key.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from stoa.discussion import pingbacks, tasks
from stoa.discussion.models import CommentKind, IncomingMention
from stoa.discussion.received_mentions import MentionInvalid, record_mention
from stoa.moderation.decisions import Status
from stoa.requests import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


def wait_before_next(request: HttpRequest, *, now: float | None = None) -> int:
    """Count one mention from the request's address; the seconds it must wait if that is one too many, else 0."""
    limit = settings.CONFIG.mentions_per_minute
    if limit == 0:
        return 0
    now = time.time() if now is None else now
    window = math.floor(now / WINDOW_SECONDS)
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    counter = f"stoa:mentions:ip:{digest}:{window}"
    cache.add(counter, 0, timeout=WINDOW_SECONDS * 2)
    try:
        used = cache.incr(counter)
    except ValueError:  # the counter expired between add and incr: this request starts it afresh
        cache.add(counter, 1, timeout=WINDOW_SECONDS * 2)
        used = 1
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now)) if used > limit else 0


def _too_many_message(wait: int) -> str:
    limit = settings.CONFIG.mentions_per_minute
    return f"This address may send {limit} mention(s) a minute; try again in {wait} s."


def _answer(request: HttpRequest, status: int, payload: dict) -> HttpResponse:
    if "text/html" in request.headers.get("Accept", ""):
        return render(request, "discussion/mention_status.html", {"answer": payload}, status=status)
    return JsonResponse(payload, status=status)


@csrf_exempt
@require_POST
def webmention(request: HttpRequest) -> HttpResponse:
    """Accept ``source`` and ``target`` (form-encoded); verify later: in a worker's task, or at the next
    ``stoa tick`` with the immediate tasks backend (never in this request)."""
    wait = wait_before_next(request)
    if wait:
        payload = {"status": "refused", "error": "too_many", "detail": _too_many_message(wait)}
        response = _answer(request, 429, payload)
        response["Retry-After"] = str(wait)
        return response
    source, target = request.POST.get("source", "").strip(), request.POST.get("target", "").strip()
    try:
        mention = record_mention(
            source, target, kind=CommentKind.WEBMENTION, request_host=request.get_host(), now=timezone.now()
        )
    except MentionInvalid as invalid:
        status = 403 if invalid.code == "closed" else 400
        return _answer(request, status, {"status": "invalid", "error": invalid.code, "detail": invalid.message})
    if not tasks.runs_in_process():
        transaction.on_commit(lambda: tasks.verify_incoming_mention.enqueue(mention.pk))
    location = request.build_absolute_uri(reverse("mentions:status", args=[mention.token]))
    payload = {"status": "queued", "detail": "Accepted: the source will be checked shortly.", "location": location}
    response = _answer(request, 202, payload)
    response["Location"] = location
    return response


@require_GET
def mention_status(request: HttpRequest, token: str) -> HttpResponse:
    """Where a received Webmention stands (the ``Location`` of the 202)."""
    mention = get_object_or_404(IncomingMention.objects.select_related("comment__thread__post"), token=token)
    comment = mention.comment
    shown = comment is not None and comment.status == Status.PUBLISHED
    payload = {
        "status": mention.status,
        "detail": mention.detail,
        "source": mention.source,
        "target": mention.target,
        "kind": mention.kind,
        "comment": request.build_absolute_uri(comment.get_absolute_url()) if shown else None,
    }
    return _answer(request, 200, payload)


@csrf_exempt
@require_POST
def xmlrpc(request: HttpRequest) -> HttpResponse:
    """``pingback.ping``: verified during the request, answered with a message or the spec's fault code."""
    try:
        wait = wait_before_next(request)
        if wait:
            raise pingbacks.PingbackFault(pingbacks.ACCESS_DENIED, _too_many_message(wait))
        method, params = pingbacks.parse_call(request.body)
        message = pingbacks.receive_pingback(method, params, request_host=request.get_host(), now=timezone.now())
        body = pingbacks.success_response(message)
    except pingbacks.PingbackFault as fault:
        body = pingbacks.fault_response(fault)
    except ValueError:  # a malformed URL that slipped past the checks: a fault, not a 500
        logger.exception("A pingback could not be handled.")
        body = pingbacks.fault_response(pingbacks.PingbackFault(pingbacks.GENERIC, "The pingback could not be read."))
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
