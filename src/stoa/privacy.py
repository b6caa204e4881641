"""Keyed hashes for personal identifiers we must compare but never need to read back (IPs, guest emails).

HMAC with the site's secret key: the same input gives the same hash on this site (so rate limits and
"previously approved" work) but the hash cannot be reversed by trying every IPv4 address without the key.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _keyed_hash(purpose: str, value: str) -> str:
    key = f"stoa:{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def hash_ip(ip_address: str) -> str:
    return _keyed_hash("ip", ip_address.strip()) if ip_address else ""


def hash_email(email: str) -> str:
    return _keyed_hash("email", email.strip().casefold()) if email else ""
