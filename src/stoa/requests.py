"""Facts about the HTTP request that several apps need."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as the server saw it. Behind a proxy, the proxy must set REMOTE_ADDR correctly
    (gunicorn's ``--forwarded-allow-ips``); we never trust a client-supplied X-Forwarded-For."""
    return request.META.get("REMOTE_ADDR", "")
