"""``stoa apikey create | revoke | list``: manage API keys from the shell.

``create`` prints the new key alone on stdout (``KEY=$(stoa apikey create --scopes score)`` works) and what it
made on stderr; the key is shown only this once. ``revoke`` takes the key or its prefix (``stoa_`` and eight
characters, as ``list`` and the admin show it).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from stoa.api.keys import ApiKeyNotFound, UnknownScope, create_key, find_key, revoke_key
from stoa.api.models import ApiKey
from stoa.config import parse_list


def run_apikey(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.apikey_command == "create":
        return create_command(args.scopes, args.name, args.qps, out, err)
    if args.apikey_command == "revoke":
        return revoke_command(args.key, out, err)
    return list_command(out)


def create_command(scopes: str, name: str, qps: int | None, out: TextIO, err: TextIO) -> int:
    if qps is not None and qps < 0:
        err.write("stoa apikey create: --qps must be 0 (no limit) or more\n")
        return 2
    try:
        key, plaintext = create_key(name, parse_list(scopes), qps=qps)
    except UnknownScope as error:
        err.write(f"stoa apikey create: {error}\n")
        return 2
    out.write(plaintext + "\n")
    err.write(
        f"Created API key {key.name!r} ({key.prefix}…): scopes {', '.join(key.scopes)}, {_quota(key)}.\n"
        "It is shown only this once: store it now (Stoa keeps only its hash).\n"
    )
    return 0


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
    for key in ApiKey.objects.all():
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.is_revoked else "active"
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
        out.write(f"{key.prefix}…  {key.name}  [{', '.join(key.scopes)}]  {_quota(key)}  last used {used}  {state}\n")
    return 0


def _quota(key: ApiKey) -> str:
    return "no request limit" if key.qps == 0 else f"{key.qps} request(s) per second"
