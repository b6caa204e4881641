"""Every refusal of ``/api/v1`` as an RFC 7807 problem (``application/problem+json``), rendered in one place.

Services raise their own exceptions (``CommentRefused``, ``IllegalTransition``, ``ReportRefused`` ...) and know
nothing of HTTP; ``install_problem_handlers`` gives each its status and problem type here, so every endpoint
answers the same way. ``type`` is a path under ``/api/v1/problems/`` that describes the problem when fetched;
``detail`` is the sentence for this occurrence (which field, and why). Extension members: ``errors`` (each
invalid field), ``code`` (a refused comment's stable reason code), ``comment_id`` (a stored but rejected comment).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError

from stoa.api.quota import OverQuota
from stoa.api.v1.schemas import Problem, ProblemTypeOut
from stoa.discussion.errors import CommentRefused, retry_after_header
from stoa.moderation.actions import IllegalSanction, InvalidEdit
from stoa.moderation.community_rules import RuleNotCitable
from stoa.moderation.reports import IllegalReportTransition, ReportRefused
from stoa.moderation.transitions import IllegalTransition
from stoa.people.services import RelationRefused

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PATH = "/api/v1/problems/"


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: its HTTP status, its short ``title`` (the same every time) and what it means."""

    status: int
    title: str
    description: str


PROBLEM_TYPES: dict[str, ProblemType] = {
    "invalid-request": ProblemType(
        422, "Invalid request", "A parameter or body field is missing or malformed; `errors` lists each one."
    ),
    "malformed-body": ProblemType(400, "Malformed body", "The request body is not valid JSON."),
    "not-authenticated": ProblemType(
        401,
        "Not authenticated",
        "No signed-in session and no API key, or a key that is unknown or revoked. "
        "Send `Authorization: Bearer stoa_…`.",
    ),
    "csrf-failed": ProblemType(
        403,
        "CSRF check failed",
        "A request signed in with the session cookie changes something without the CSRF token: send the "
        "`csrftoken` cookie's value in the `X-CSRFToken` header.",
    ),
    "scope-missing": ProblemType(403, "Scope missing", "The API key lacks the scope this endpoint needs."),
    "forbidden": ProblemType(403, "Forbidden", "The member the request acts for may not do this."),
    "origin-not-allowed": ProblemType(
        403,
        "Origin not allowed",
        "The comment widget's endpoints answer only pages on the sites the operator listed in STOA_EMBED_ORIGINS: "
        "the page address, or the request's Origin, is on another site.",
    ),
    "not-found": ProblemType(404, "Not found", "The resource does not exist, or is not visible to the caller."),
    "method-not-allowed": ProblemType(405, "Method not allowed", "This path does not take this HTTP method."),
    "comment-refused": ProblemType(
        400,
        "Comment refused",
        "The comment was not accepted, for the reason in `detail` (the same sentence the site's form shows); "
        "`code` names the reason. A rejected comment is stored for the record and an appeal (`comment_id`).",
    ),
    "comment-rate-limited": ProblemType(
        429,
        "Commenting too quickly",
        "The member commented moments ago; `detail` says how long to wait, and the `Retry-After` header gives it in "
        "seconds.",
    ),
    "illegal-transition": ProblemType(
        409, "Illegal transition", "The comment, report or member is not in a state that allows this action."
    ),
    "report-refused": ProblemType(409, "Report refused", "The report cannot be filed, for the reason in `detail`."),
    "relation-refused": ProblemType(
        400, "Relation refused", "The follow, mute or block cannot be made, for the reason in `detail`."
    ),
    "invalid-edit": ProblemType(422, "Invalid edit", "The moderator's text cannot be published as it is."),
    "rate-limited": ProblemType(
        429, "Too many requests", "Over the key's or the address's requests per second; wait `Retry-After` seconds."
    ),
}


class ApiProblem(Exception):
    """A refusal an endpoint raises directly: the problem type's slug, the detail, and any extension members."""

    def __init__(self, slug: str, detail: str, *, headers: Mapping[str, str] | None = None, **extensions: Any):
        super().__init__(detail)
        self.slug = slug
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions


def problem_response(
    request: HttpRequest, slug: str, detail: str, *, headers: Mapping[str, str] | None = None, **extensions: Any
) -> HttpResponse:
    """The ``application/problem+json`` answer for a problem of type ``slug``."""
    kind = PROBLEM_TYPES[slug]
    body = {
        "type": TYPE_PATH + slug,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": request.path,
        **{name: value for name, value in extensions.items() if value is not None},
    }
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=kind.status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    if kind.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="stoa"'
    return response


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Ninja's validation errors as ``{"field", "source", "message"}``: ``field`` a dotted path inside the body,
    query or path (``body``, ``limit``), ``source`` where it was sent."""
    found = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        source = location[0] if location else "body"
        path = location[2:] if source == "body" else location[1:]  # a body's loc names the view's parameter first
        found.append({"field": ".".join(path) or source, "source": source, "message": _message(error)})
    return found


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


def _validation_detail(errors: list[dict[str, str]]) -> str:
    return "; ".join(f"{error['field']} ({error['source']}): {error['message']}" for error in errors) + "."


def _comment_refused(request: HttpRequest, error: CommentRefused) -> HttpResponse:
    slug = "comment-rate-limited" if error.code == "rate_limited" else "comment-refused"
    return problem_response(request, slug, error.message, headers=retry_after_header(error), code=error.code)


_NOT_AUTHENTICATED = "Sign in, or send an API key as `Authorization: Bearer stoa_…`."
_SLUG_BY_STATUS = {400: "malformed-body", 401: "not-authenticated", 403: "forbidden", 404: "not-found"}


def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Ninja's own refusals; the only 400 it raises is for a body it cannot parse."""
    slug = _SLUG_BY_STATUS.get(error.status_code, "invalid-request")
    detail = {400: "The request body is not valid JSON.", 401: _NOT_AUTHENTICATED}.get(error.status_code, str(error))
    return problem_response(request, slug, detail)


def install_problem_handlers(api: NinjaAPI) -> None:
    """Map every exception an endpoint can meet to its problem (the most specific class wins, as in ninja)."""
    handlers = {
        ApiProblem: lambda request, error: problem_response(
            request, error.slug, error.detail, headers=error.headers, **error.extensions
        ),
        ValidationError: lambda request, error: _invalid_request(request, error.errors),
        AuthenticationError: lambda request, error: problem_response(request, "not-authenticated", _NOT_AUTHENTICATED),
        HttpError: _http_error,
        Http404: lambda request, error: problem_response(request, "not-found", str(error) or "Not found."),
        PermissionDenied: lambda request, error: problem_response(request, "forbidden", str(error) or "Forbidden."),
        IllegalTransition: lambda request, error: problem_response(request, "illegal-transition", str(error)),
        IllegalReportTransition: lambda request, error: problem_response(request, "illegal-transition", str(error)),
        IllegalSanction: lambda request, error: problem_response(request, "illegal-transition", str(error)),
        CommentRefused: _comment_refused,
        ReportRefused: lambda request, error: problem_response(request, "report-refused", str(error)),
        RelationRefused: lambda request, error: problem_response(request, "relation-refused", str(error)),
        InvalidEdit: lambda request, error: problem_response(
            request, "invalid-edit", str(error), errors=[{"field": "body", "source": "body", "message": str(error)}]
        ),
        RuleNotCitable: lambda request, error: problem_response(
            request,
            "invalid-request",
            f"rule (body): {error}",
            errors=[{"field": "rule", "source": "body", "message": str(error)}],
        ),
        OverQuota: lambda request, error: problem_response(
            request, "rate-limited", str(error), headers={"Retry-After": str(error.retry_after)}
        ),
    }
    for exception, handler in handlers.items():
        api.add_exception_handler(exception, handler)


def _invalid_request(request: HttpRequest, errors: list[Mapping[str, Any]]) -> HttpResponse:
    found = field_errors(errors)
    return problem_response(request, "invalid-request", _validation_detail(found), errors=found)


router = Router(tags=["problems"])


@router.get("/problems/{slug}", response={200: ProblemTypeOut, 404: Problem}, auth=None)
def describe_problem(request: HttpRequest, slug: str):
    """What a problem ``type`` means: every problem's ``type`` is this path."""
    kind = PROBLEM_TYPES.get(slug)
    if kind is None:
        raise ApiProblem("not-found", f"There is no problem type {slug!r} (docs/api.md lists them all).")
    return {"type": TYPE_PATH + slug, "title": kind.title, "status": kind.status, "description": kind.description}
