"""The ``/api/v1`` application: its routers, its problem handlers, its URLs and its OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.operation import Operation

from stoa.api.v1 import comments, embed, moderation, people, posts, problems, reports
from stoa.api.v1.problems import PROBLEM_CONTENT_TYPE, install_problem_handlers, problem_response

DESCRIPTION = (
    "Stoa's REST API: posts, threads and comments, reports, moderation actions and people. Authenticate with an "
    "API key (`Authorization: Bearer stoa_…`) holding the endpoint's scope, or with the site's own session (and "
    "its CSRF token for POST, PUT and DELETE). Every error is RFC 7807 `application/problem+json`. See docs/api.md."
)


class StoaApi(NinjaAPI):
    """Ninja, with operation ids that are the view's own name, and problem responses documented as what they are
    sent as (``application/problem+json``)."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {PROBLEM_CONTENT_TYPE: response["content"]["application/json"]}
        return schema


api = StoaApi(
    title="Stoa API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:api_v1",  # mounted inside stoa.api.urls (app "api")
    docs_url=None,  # ninja's Swagger page would load a CDN's scripts onto the site's origin, beside members' sessions
)
install_problem_handlers(api)
# embed first: its threads/by-url/… would otherwise be matched by comments' threads/{thread_id}/….
for resource in (posts, embed, comments, reports, moderation, people, problems):
    api.add_router("/", resource.router)


def _method_problems(view: Callable) -> Callable:
    """Ninja answers a method a path does not take with a bare 405: make it a problem too."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type") == PROBLEM_CONTENT_TYPE:
            return response
        allowed = response.get("Allow", "")
        detail = f"{request.method} is not allowed on {request.path}; it takes {allowed}."
        return problem_response(request, "method-not-allowed", detail, headers={"Allow": allowed})

    return answer


def _no_such_endpoint(request: HttpRequest) -> HttpResponse:
    return problem_response(request, "not-found", f"There is no API endpoint at {request.path}.")


def api_urls() -> list[URLPattern | URLResolver]:
    """The URL patterns to mount at ``api/v1/``: ninja's, then a problem 404 for any other path under it."""
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        pattern.callback = _method_problems(pattern.callback)
        if embed.answered_across_origins(str(pattern.pattern)):
            pattern.callback = embed.cross_origin(pattern.callback)
    return [*patterns, re_path(r"", _no_such_endpoint)]
