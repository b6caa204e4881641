"""HTTP for the Perspective-compatible endpoints: key, quota, JSON in; the response or Google's error shape out.

Every refusal is ``{"error": {"code", "message", "status", "details"}}`` as Google's APIs answer, so Perspective
clients report it as they would Google's. The key comes as ``?key=`` (or Google's ``X-Goog-Api-Key`` header).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from stoa.api.keys import ApiKeyError, ApiKeyInvalid, ApiKeyMissing, ApiKeyRevoked, ScopeMissing, authenticate
from stoa.api.models import ApiKey, Scope
from stoa.api.perspective import analyze_comment, record_suggestion, suggestion_response
from stoa.api.perspective_requests import InvalidArgument, parse_analyze, parse_suggest
from stoa.api.quota import QuotaExceeded, consume_request
from stoa.detection import ModelUnavailable

_ERROR_TYPE = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
_ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
# Google's answer to each key problem: HTTP code, status and ErrorInfo reason.
_KEY_ERRORS: dict[type[ApiKeyError], tuple[int, str, str]] = {
    ApiKeyMissing: (403, "PERMISSION_DENIED", "API_KEY_MISSING"),
    ApiKeyInvalid: (400, "INVALID_ARGUMENT", "API_KEY_INVALID"),
    ApiKeyRevoked: (400, "INVALID_ARGUMENT", "API_KEY_INVALID"),
    ScopeMissing: (403, "PERMISSION_DENIED", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
}


def google_error(code: int, status: str, message: str, details: list[dict] | None = None) -> JsonResponse:
    error = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return JsonResponse({"error": error}, status=code)


@csrf_exempt
def analyze(request: HttpRequest) -> JsonResponse:
    """``POST /v1alpha1/comments:analyze?key=KEY``: score a comment as Perspective would."""
    return _answer(request, "comments:analyze", lambda body, key: analyze_comment(parse_analyze(body), key=key))


@csrf_exempt
def suggest_score(request: HttpRequest) -> JsonResponse:
    """``POST /v1alpha1/comments:suggestscore?key=KEY``: keep a client's suggested score for retraining."""

    def suggest(body: object, key: ApiKey) -> dict:
        suggestion = parse_suggest(body)
        record_suggestion(suggestion, key=key)
        return suggestion_response(suggestion)

    return _answer(request, "comments:suggestscore", suggest)


def _answer(request: HttpRequest, method: str, handle: Callable[[object, ApiKey], dict]) -> JsonResponse:
    """The checks every Perspective method shares, in Google's order: HTTP method, key, quota, body."""
    if request.method != "POST":
        response = google_error(405, "UNIMPLEMENTED", f"{method} accepts only POST with a JSON body.")
        response["Allow"] = "POST"
        return response
    try:
        key = authenticate(request.GET.get("key") or request.headers.get("X-Goog-Api-Key"), Scope.SCORE)
        consume_request(key)
        return JsonResponse(handle(_json_body(request), key))
    except ApiKeyError as refusal:
        code, status, reason = _KEY_ERRORS[type(refusal)]
        return google_error(code, status, refusal.message, [{"@type": _ERROR_INFO, "reason": reason}])
    except QuotaExceeded as exceeded:
        response = google_error(
            429,
            "RESOURCE_EXHAUSTED",
            f"Quota exceeded for quota metric 'Analysis requests' and limit 'Analysis requests per second' "
            f"of API key {exceeded.key.prefix}…: {exceeded.key.qps} per second.",
            [{"@type": _ERROR_INFO, "reason": "RATE_LIMIT_EXCEEDED"}],
        )
        response["Retry-After"] = str(exceeded.retry_after)
        return response
    except InvalidArgument as invalid:
        details = [{"@type": _ERROR_TYPE, "errorType": invalid.error_type}] if invalid.error_type else None
        return google_error(400, "INVALID_ARGUMENT", invalid.message, details)
    except ModelUnavailable:
        return google_error(503, "UNAVAILABLE", "The scoring model is not available on this server; try again later.")


def _json_body(request: HttpRequest) -> object:
    try:
        return json.loads(request.body)
    except RequestDataTooBig as error:
        raise InvalidArgument("Request payload size exceeds the limit.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidArgument(f"Invalid JSON payload received. {error}.") from error
