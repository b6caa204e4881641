"""Who calls ``/api/v1`` and whether they may: an API key with a scope, or the site's own signed-in session.

A key is sent as ``Authorization: Bearer stoa_…`` and must hold the endpoint's scope: ``read`` (posts, threads,
comments, profiles, report receipts), ``comment`` (write as a member: comments, reports, follow, mute, block) or
``moderate`` (the moderators' actions). A key acts for the member named as its ``acts_for`` (chosen in the admin,
or ``stoa apikey create --acts-for USERNAME``), never for the admin who made it: a comment written with it is that
member's own, moderated as theirs (so an integration's key for an ordinary member is not a staff account that
skips the content checks), and that member's permissions are checked on every request: a moderator's key loses
its power when they stop being a moderator. A key without a member (or whose member's account is closed) reads
what a signed-out reader sees, and a ``comment`` or ``moderate`` request with it is refused (403, saying why). A
session acts as its signed-in member with every scope; a request that changes something must carry the CSRF
token, as the site's forms do.

Rate limits: a key's requests count against the key's own quota (``ApiKey.qps``); every other request (sessions,
and requests whose key was not recognised) against ``STOA_API_IP_QPS`` for its client address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from stoa.api.keys import ApiKeyError, ScopeMissing, authenticate
from stoa.api.models import ApiKey, Scope
from stoa.api.quota import consume_address_request, consume_request
from stoa.api.v1.problems import ApiProblem
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.people.models import User
from stoa.requests import client_ip

NO_MEMBER = (
    "This API key acts for no member (none was named when it was made, or its member's account is closed), so it "
    "cannot {action}. An admin can name the member it writes as under 'Acts for' in the admin's API keys, or make "
    "a key with `stoa apikey create --scopes comment --acts-for USERNAME`."
)
_KEY_ACTIONS = {
    Scope.COMMENT: "write (post comments, file reports, follow, mute or block)",
    Scope.MODERATE: "moderate",
}


@dataclass(frozen=True)
class Caller:
    """The authenticated request: the member it acts for (``None``: a key without one) and the key, if any."""

    member: User | None
    key: ApiKey | None = None

    @property
    def is_moderator(self) -> bool:
        return self.member is not None and self.member.has_perm(MODERATE_PERMISSION)

    def acting_member(self, action: str) -> User:
        """The member this request writes as; a 403 problem saying why when there is none."""
        if self.member is None:
            raise ApiProblem("forbidden", NO_MEMBER.format(action=action))
        return self.member


def _count_keyless_request(request: HttpRequest) -> None:
    consume_address_request(client_ip(request), settings.CONFIG.api_ip_qps)


class ApiKeyAuth(HttpBearer):
    """``Authorization: Bearer stoa_…`` with the subclass's ``scope``; without the header, the session is tried."""

    scope: Scope
    openapi_bearerFormat = "stoa_…"

    def __call__(self, request: HttpRequest) -> Caller | None:
        header = request.headers.get("Authorization", "")
        if not header:
            _count_keyless_request(request)
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            _count_keyless_request(request)
            raise ApiProblem("not-authenticated", "Send the API key as `Authorization: Bearer stoa_…`.")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        try:
            key = authenticate(token, self.scope)
        except ScopeMissing as refusal:
            _count_keyless_request(request)
            raise ApiProblem("scope-missing", refusal.message) from None
        except ApiKeyError as refusal:
            _count_keyless_request(request)
            raise ApiProblem("not-authenticated", refusal.message) from None
        consume_request(key)
        member = key.acts_for
        if member is not None and not member.is_active:
            member = None
        if member is None and self.scope in _KEY_ACTIONS:  # a writing scope: never fall back to a guest or reader
            raise ApiProblem("forbidden", NO_MEMBER.format(action=_KEY_ACTIONS[self.scope]))
        return Caller(member=member, key=key)


class ReadKey(ApiKeyAuth):
    scope = Scope.READ
    openapi_description = "An API key with the `read` scope, as `Authorization: Bearer stoa_…`."


class CommentKey(ApiKeyAuth):
    scope = Scope.COMMENT
    openapi_description = (
        "An API key with the `comment` scope: it writes as the member it acts for (comments, reports, follow, "
        "mute, block), through that member's own moderation."
    )


class ModerateKey(ApiKeyAuth):
    scope = Scope.MODERATE
    openapi_description = (
        "An API key with the `moderate` scope: it acts with the permissions of the member it acts for, who must be a "
        "moderator."
    )


class SessionCookie(APIKeyCookie):
    """The site's own pages: the signed-in session, with Django's CSRF check on requests that change something."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = (
        "The site's session cookie (its own pages). POST, PUT and DELETE also need the `csrftoken` cookie's value "
        "in an `X-CSRFToken` header."
    )

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        super().__init__(csrf=False)  # checked below, once we know a member is signed in, with a precise answer

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller:
        if not request.user.is_authenticated:
            raise ApiProblem(
                "not-authenticated",
                f"Sign in, or send an API key with the `{self.scope}` scope as `Authorization: Bearer stoa_…`.",
            )
        if check_csrf(request) is not None:
            raise ApiProblem(
                "csrf-failed",
                f"CSRF check failed: a {request.method} request signed in with the session cookie must send the "
                "`csrftoken` cookie's value in an `X-CSRFToken` header.",
            )
        return Caller(member=request.user)


_KEY_AUTH: dict[Scope, ApiKeyAuth] = {Scope.READ: ReadKey(), Scope.COMMENT: CommentKey(), Scope.MODERATE: ModerateKey()}
_SESSION_AUTH = {scope: SessionCookie(scope) for scope in _KEY_AUTH}


def needs(scope: Scope) -> list:
    """The ``auth=`` of an endpoint that needs ``scope``: a key with it, else the signed-in session."""
    return [_KEY_AUTH[scope], _SESSION_AUTH[scope]]


def anonymous(request: HttpRequest) -> Caller:
    """No key: a signed-out reader, or a guest writer, whatever cookies come with it (the widget sends none).

    Listed after a key's check, which has already counted the request against its address's limit."""
    return Caller(member=None)


def key_or_anonymous(scope: Scope) -> list:
    """The ``auth=`` of the comment widget's endpoints: a key with ``scope`` (acting for its member; a ``comment``
    key without one is refused, never taken for a guest), else a guest; never the session, so a page on another
    site cannot act as a signed-in member (no CSRF question arises)."""
    return [_KEY_AUTH[scope], anonymous]


def caller_of(request: HttpRequest) -> Caller:
    """The ``Caller`` the authentication step attached to the request."""
    return request.auth
