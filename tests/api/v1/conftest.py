"""REST API fixtures: keys made through the real service, and a caller that speaks JSON to ``/api/v1``."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from stoa.api.keys import create_key

API = "/api/v1"


@pytest.fixture(autouse=True)
def no_address_limit(settings) -> None:
    """Tests make many keyless requests from one test-client address; the rate-limit tests set their own limit."""
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=0)


@pytest.fixture
def make_key(db) -> Callable[..., str]:
    """``make_key("read", "comment", member=user, qps=0)``: the plaintext of a key acting for ``member`` (no request
    limit unless ``qps``)."""

    def make(*scopes: str, member=None, qps: int = 0) -> str:
        return create_key("test client", scopes, acts_for=member, qps=qps)[1]

    return make


class ApiCaller:
    """``api.get("/posts", key=KEY, limit=2)``, ``api.post("/reports", {...}, key=KEY)``: JSON in and out."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def get(self, path: str, *, key: str | None = None, **params):
        return self.client.get(API + path, params, headers=self._headers(key))

    def post(self, path: str, body: object = None, *, key: str | None = None, **extra):
        return self._send("post", path, body, key, **extra)

    def put(self, path: str, *, key: str | None = None):
        return self._send("put", path, None, key)

    def delete(self, path: str, *, key: str | None = None):
        return self._send("delete", path, None, key)

    def _send(self, method: str, path: str, body: object, key: str | None, **extra):
        data = json.dumps({} if body is None else body)
        send = getattr(self.client, method)
        return send(API + path, data=data, content_type="application/json", headers=self._headers(key), **extra)

    @staticmethod
    def _headers(key: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"} if key else {}


@pytest.fixture
def api(client: Client) -> ApiCaller:
    return ApiCaller(client)


def assert_problem(response, status: int, slug: str) -> dict:
    """The response is an RFC 7807 problem of this status and type; returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == f"/api/v1/problems/{slug}"
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    return problem
