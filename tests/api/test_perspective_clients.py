"""Round trips over real HTTP with the request bodies that Perspective's own clients send.

The bodies follow Google's documented examples (the Python quick start, the methods reference) and what Coral
Talk's ``services/perspective`` sends, and the URL is built as Coral builds it from its "Custom endpoint"
setting: the endpoint's path joined with ``/comments:analyze``, then ``?key=``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from stoa.api.keys import create_key
from stoa.api.models import SuggestedScore


def _coral_url(endpoint: str, operation: str, key: str) -> str:
    """Coral: ``url.pathname = path.join(url.pathname, `/${operation}`)`` then ``searchParams.set("key", key)``."""
    parts = urlsplit(endpoint.strip())
    path = parts.path.rstrip("/") + "/" + operation
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode({"key": key}), ""))


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


@pytest.fixture
def key(transactional_db) -> str:
    return create_key("Coral", ["score"], qps=0)[1]


def test_googles_python_quick_start_request(live_server, key):
    body = {"comment": {"text": "friendly greetings from python"}, "requestedAttributes": {"TOXICITY": {}}}
    status, data = _post(f"{live_server.url}/v1alpha1/comments:analyze?key={key}&alt=json", body)
    assert status == 200
    assert data["languages"] == ["en"]
    summary = data["attributeScores"]["TOXICITY"]["summaryScore"]
    assert summary["type"] == "PROBABILITY"
    assert summary["value"] < 0.5  # a friendly greeting scores low, as in Google's example


def test_googles_methods_reference_example_with_spans(live_server, key):
    body = {
        "comment": {"text": "What kind of idiot name is foo? Sorry, I like your name."},
        "languages": ["en"],
        "requestedAttributes": {"TOXICITY": {}, "INSULT": {}},
        "spanAnnotations": True,
    }
    status, data = _post(f"{live_server.url}/v1alpha1/comments:analyze?key={key}", body)
    assert status == 200
    for name in ("TOXICITY", "INSULT"):
        spans = data["attributeScores"][name]["spanScores"]
        assert [(span["begin"], span["end"]) for span in spans] == [(0, 31), (32, 56)]


def test_coral_talks_analyze_then_suggestscore(live_server, key):
    endpoint = f"{live_server.url}/v1alpha1/"  # what an admin types into Coral's "Custom endpoint"
    analyze = {
        "comment": {"text": "You are a pathetic moron and nobody wants you here."},
        "doNotStore": True,
        "requestedAttributes": {"TOXICITY": {}},
        "languages": ["en"],
    }
    status, data = _post(_coral_url(endpoint, "comments:analyze", key), analyze)
    assert status == 200
    score = data["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
    assert score > 0.8  # over Coral's default threshold (80): Coral withholds the comment for review

    suggestion = {
        "comment": {"text": analyze["comment"]["text"]},
        "context": {
            "entries": [{"text": json.dumps({"url": "https://news.example/story#c-42", "Coral_comment_id": "c-42"})}]
        },
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
        "languages": ["en"],
        "communityId": "Coral:https://news.example",
        "clientToken": "comment:c-42",
    }
    status, data = _post(_coral_url(endpoint, "comments:suggestscore", key), suggestion)
    assert (status, data) == (200, {"clientToken": "comment:c-42"})
    kept = SuggestedScore.objects.get()
    assert (kept.client_token, kept.community_id) == ("comment:c-42", "Coral:https://news.example")
    assert kept.text == ""  # the site does not keep texts unless STOA_PERSPECTIVE_STORE_TEXT is on


def test_a_bad_key_reaches_the_client_as_googles_error(live_server, transactional_db):
    body = {"comment": {"text": "hello"}, "requestedAttributes": {"TOXICITY": {}}}
    status, data = _post(f"{live_server.url}/v1alpha1/comments:analyze?key=not-a-key", body)
    assert status == 400
    assert data == {
        "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key.",
            "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}],
        }
    }
