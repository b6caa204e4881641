"""``stoa apikey create | revoke | list``: manage API keys from the shell.

``create`` prints the new key alone on stdout (``KEY=$(stoa apikey create --scopes score)`` works) and what it
made on stderr; the key is shown only this once. A ``comment`` or ``moderate`` key needs ``--acts-for USERNAME``,
the member it writes as (an active account; a moderator for ``moderate``): it is refused without one, since such
a key could do nothing. ``revoke`` takes the key or its prefix (``stoa_`` and eight characters, as ``list`` and
the admin show it).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from stoa.api.keys import ApiKeyNotFound, UnknownScope, create_key, find_key, needs_member, parse_scopes, revoke_key
from stoa.api.models import ApiKey, Scope
from stoa.config import parse_list
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.people.models import User


def run_apikey(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.apikey_command == "create":
        return create_command(args.scopes, args.name, args.qps, out, err, acts_for=args.acts_for)
    if args.apikey_command == "revoke":
        return revoke_command(args.key, out, err)
    return list_command(out)


def create_command(
    scopes: str, name: str, qps: int | None, out: TextIO, err: TextIO, *, acts_for: str | None = None
) -> int:
    if qps is not None and qps < 0:
        err.write("stoa apikey create: --qps must be 0 (no limit) or more\n")
        return 2
    try:
        chosen = parse_scopes(parse_list(scopes))
        member = _member(acts_for, chosen)
    except (UnknownScope, _Refused) as error:
        err.write(f"stoa apikey create: {error}\n")
        return 2
    key, plaintext = create_key(name, chosen, acts_for=member, qps=qps)
    out.write(plaintext + "\n")
    err.write(
        f"Created API key {key.name!r} ({key.prefix}…): scopes {', '.join(key.scopes)}, {_acting(key)}, "
        f"{_quota(key)}.\nIt is shown only this once: store it now (Stoa keeps only its hash).\n"
    )
    return 0


class _Refused(ValueError):
    """``--acts-for`` names no usable member, or a writing key lacks it; the message says which."""


def _member(username: str | None, scopes: list[str]) -> User | None:
    """The active member ``--acts-for`` names; a writing key must name one, a moderate key a moderator."""
    if not username:
        if needs_member(scopes):
            raise _Refused(
                "a key with the comment or moderate scope writes as a member: name the member with --acts-for "
                "USERNAME (its comments go through that member's own moderation)"
            )
        return None
    member = User.objects.filter(username=username.strip()).first()
    if member is None:
        raise _Refused(f"--acts-for: there is no member called {username!r}")
    if not member.is_active:
        raise _Refused(f"--acts-for: {member.get_username()}'s account is closed")
    if Scope.MODERATE in scopes and not member.has_perm(MODERATE_PERMISSION):
        raise _Refused(f"--acts-for: {member.get_username()} is not a moderator, so a moderate key cannot act for them")
    return member


def revoke_command(value: str, out: TextIO, err: TextIO) -> int:
    try:
        key = find_key(value)
    except ApiKeyNotFound as error:
        err.write(f"stoa apikey revoke: {error}\n")
        return 1
    if key.is_revoked:
        out.write(f"API key {key.name!r} ({key.prefix}…) was already revoked on {key.revoked_at:%Y-%m-%d %H:%M} UTC.\n")
        return 0
    revoke_key(key)
    out.write(f"Revoked API key {key.name!r} ({key.prefix}…); requests with it are refused from now on.\n")
    return 0


def list_command(out: TextIO) -> int:
    for key in ApiKey.objects.select_related("acts_for"):
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.is_revoked else "active"
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
        out.write(
            f"{key.prefix}…  {key.name}  [{', '.join(key.scopes)}]  {_acting(key)}  {_quota(key)}  last used {used}  "
            f"{state}\n"
        )
    return 0


def _acting(key: ApiKey) -> str:
    return f"acts for {key.acts_for.get_username()}" if key.acts_for is not None else "acts for no member"


def _quota(key: ApiKey) -> str:
    return "no request limit" if key.qps == 0 else f"{key.qps} request(s) per second"
