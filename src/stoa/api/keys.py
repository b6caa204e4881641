"""Creating, revoking and checking API keys.

A key is ``stoa_`` followed by 32 random bytes (URL-safe base64). It is shown once, when made; the database keeps
only its SHA-256, which is enough for a secret that random (no slow hash or pepper needed, and rotating
``STOA_SECRET_KEY`` does not break every client). The first 13 characters (``stoa_`` and eight more) are kept
in the clear as the key's ``prefix``, so people can recognise a key and revoke it without holding it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from stoa.api.models import ApiKey, Scope

KEY_PREFIX = "stoa_"
PREFIX_LENGTH = len(KEY_PREFIX) + 8
LAST_USED_PRECISION = timedelta(minutes=1)  # write last_used_at at most once a minute per key, not per request


class ApiKeyError(Exception):
    """Base of the reasons a key is refused; ``message`` is safe to show to the caller."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ApiKeyMissing(ApiKeyError):
    """The request carried no key at all."""


class ApiKeyInvalid(ApiKeyError):
    """No key with this value exists (a typo, a key from another site, or a deleted key)."""


class ApiKeyRevoked(ApiKeyError):
    """The key existed and was revoked."""


class ScopeMissing(ApiKeyError):
    """The key is valid but was not given the scope this request needs."""


WRITING_SCOPES = frozenset({Scope.COMMENT, Scope.MODERATE})  # what a key can only do as its ``acts_for`` member


def needs_member(scopes: Iterable[str]) -> bool:
    """Whether a key with these scopes is useless without a member to act for (it could write nothing)."""
    return any(scope in WRITING_SCOPES for scope in scopes)


class UnknownScope(ValueError):
    """A scope name that is not one of ``Scope``; the message lists the known ones."""


class ApiKeyNotFound(LookupError):
    """``revoke_key`` was given a key or prefix that matches no key."""


def parse_scopes(names: Iterable[str]) -> list[str]:
    """Scope names checked against ``Scope``, without duplicates, in the order given; at least one."""
    known = {scope.value for scope in Scope}
    scopes = list(dict.fromkeys(name.strip().lower() for name in names if name.strip()))
    unknown = [name for name in scopes if name not in known]
    if unknown:
        raise UnknownScope(f"unknown scope {', '.join(unknown)} (known: {', '.join(s.value for s in Scope)})")
    if not scopes:
        raise UnknownScope(f"give at least one scope (known: {', '.join(s.value for s in Scope)})")
    return scopes


def digest_of(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def issue_key(key: ApiKey, *, now: datetime | None = None) -> str:
    """Give an unsaved key its secret, save it, and return the plaintext: the only time anyone sees it."""
    key.scopes = parse_scopes(key.scopes)
    key.created_at = key.created_at or now or timezone.now()
    for _attempt in range(3):  # a clash of 48 random bits is astronomically rare, but the column is unique
        plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
        key.prefix, key.digest = plaintext[:PREFIX_LENGTH], digest_of(plaintext)
        try:
            with transaction.atomic():
                key.save()
        except IntegrityError:
            continue
        return plaintext
    raise IntegrityError("could not make a unique API key in three tries")


def create_key(
    name: str,
    scopes: Iterable[str],
    created_by=None,
    *,
    acts_for=None,
    qps: int | None = None,
    now: datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new key with these scopes; returns it and its plaintext (shown once, never stored).

    ``created_by`` only records who made the key; the member it writes or moderates as is ``acts_for``, and only
    that (a key never acts for its maker unless named so)."""
    key = ApiKey(name=name, scopes=list(scopes), created_by=created_by, acts_for=acts_for)
    if qps is not None:
        key.qps = qps
    return key, issue_key(key, now=now)


def find_key(key_or_prefix: str) -> ApiKey:
    """The key named by its full value or by its prefix (``stoa_`` and eight characters, as the admin lists it)."""
    value = key_or_prefix.strip().rstrip("…")
    found = ApiKey.objects.filter(digest=digest_of(value)).first()
    if found is None and len(value) == PREFIX_LENGTH and value.startswith(KEY_PREFIX):
        found = ApiKey.objects.filter(prefix=value).first()
    if found is None:
        raise ApiKeyNotFound(f"no API key matches {value[:PREFIX_LENGTH]!r}")
    return found


def revoke_key(key_or_prefix: ApiKey | str, *, now: datetime | None = None) -> ApiKey:
    """Revoke a key (given as the object, its full value or its prefix); revoking twice keeps the first date."""
    key = key_or_prefix if isinstance(key_or_prefix, ApiKey) else find_key(key_or_prefix)
    if key.revoked_at is None:
        ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())
        key.refresh_from_db(fields=["revoked_at"])
    return key


def authenticate(plaintext: str | None, scope: Scope, *, now: datetime | None = None) -> ApiKey:
    """The key for this plaintext if it may act with ``scope``; otherwise the specific ``ApiKeyError``."""
    if not plaintext:
        raise ApiKeyMissing("The request is missing a valid API key.")
    try:
        key = ApiKey.objects.get(digest=digest_of(plaintext.strip()))
    except ApiKey.DoesNotExist:
        raise ApiKeyInvalid("API key not valid. Please pass a valid API key.") from None
    if key.revoked_at is not None:
        raise ApiKeyRevoked("API key not valid: it was revoked. Ask the site's administrator for a new key.")
    if not key.allows(scope):
        raise ScopeMissing(f"This API key does not have the '{scope.value}' scope that this request needs.")
    _note_use(key, now or timezone.now())
    return key


def _note_use(key: ApiKey, now: datetime) -> None:
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        key.last_used_at = now
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
