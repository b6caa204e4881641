"""Webhooks: each event reaches a real HTTP server, signed; retries with backoff, give-up, refusals, the tick, claims.

The receiving program is a real ``http.server`` on 127.0.0.1 in a thread. Loopback is what the SSRF guard refuses,
so the ``receiver`` fixture turns ``STOA_OUTBOUND_ALLOW_PRIVATE`` on for its test (one test turns it off again).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from stoa import tick
from stoa.api import webhooks
from stoa.api.models import TEST_EVENT, DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from stoa.api.webhooks import BACKOFF, CLAIM_LEASE, MAX_ATTEMPTS, create_webhook
from stoa.api.webhooks_tasks import deliver_webhook, dispatch
from stoa.discussion.models import Comment
from stoa.moderation.actions import approve_comment, mark_spam, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import Report
from stoa.moderation.reports import file_report
from stoa.people.roles import Role
from stoa.safety.models import Shield
from stoa.safety.shields import open_shield

ALL_EVENTS = [event.value for event in WebhookEvent]
GUEST_EMAIL = "gail@example.org"


# The receiving program --------------------------------------------------------------------------------------------


@dataclass
class Delivered:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """Answers each POST with the next status of ``answers`` (the last one repeats); records every request."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, str]]] = [(200, {})]
        self.requests: list[Delivered] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str = "/hooks/stoa") -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def answer_with(self, *statuses: int, **headers: str) -> None:
        self.answers = [(status, headers) for status in statuses]

    def answer(self, delivered: Delivered) -> tuple[int, dict[str, str]]:
        self.requests.append(delivered)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, headers = receiver.answer(Delivered(self.path, dict(self.headers.items()), body))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
            """Quiet: the tests read ``receiver.requests``."""

    return Handler


def verify(secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    """The check a receiver makes, as docs/webhooks.md shows it."""
    timestamp = headers.get("X-Stoa-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    signed = timestamp.encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers.get("X-Stoa-Signature", ""))


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=True)
    site = Receiver()
    site.start()
    yield site
    site.stop()


@pytest.fixture
def hook(db, receiver) -> tuple[Webhook, str]:
    """A webhook for every event, pointing at the receiver; and its secret."""
    return create_webhook(receiver.url(), ALL_EVENTS)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is sent after commit (the signals, then the deliveries) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _held_comment(post, comment_on, committed) -> Comment:
    with committed():
        comment = comment_on(post, "Please look at this.", email=GUEST_EMAIL).comment
    assert comment.status == Status.HELD
    return comment


def _event(event: str = WebhookEvent.REPORT_FILED, data: dict | None = None, *, now=None) -> WebhookDelivery:
    """A delivery recorded but not sent (no task), for the tests of tries, retries and claims."""
    [delivery] = webhooks.record_event(event, data or {"id": 1}, now=now)
    return delivery


def _all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _all_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _all_keys(item)}
    return set()


# Events from the real code paths ----------------------------------------------------------------------------------


def test_a_held_comment_is_posted_signed_with_the_documented_headers_and_payload(
    post, comment_on, committed, hook, receiver
):
    webhook, secret = hook
    comment = _held_comment(post, comment_on, committed)

    [request] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert request.path == "/hooks/stoa"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Stoa-Event"] == "comment.held"
    assert request.headers["X-Stoa-Delivery"] == str(delivery.pk)
    assert abs(int(request.headers["X-Stoa-Timestamp"]) - time.time()) < 60
    assert request.headers["X-Stoa-Signature"].startswith("sha256=")
    assert verify(secret, request.headers, request.body)
    assert not verify(secret, request.headers, request.body.replace(b"held", b"HELD"))  # tampered body
    assert not verify("whsec_someone-else", request.headers, request.body)
    stale = {**request.headers, "X-Stoa-Timestamp": str(int(request.headers["X-Stoa-Timestamp"]) - 3600)}
    assert not verify(secret, stale, request.body)  # an old request replayed (its signature no longer matches)

    payload = request.json
    assert set(payload) == {"event", "id", "created_at", "data"}
    assert (payload["event"], payload["id"]) == ("comment.held", delivery.pk)
    assert payload == delivery.payload
    assert payload["data"] == {
        "id": comment.pk,
        "number": None,
        "kind": "comment",
        "status": "held",
        "previous_status": None,
        "decided_by": "pipeline",
        "thread": comment.thread_id,
        "post": post.pk,
        "parent": None,
        "permalink": f"http://127.0.0.1:8000{post.get_absolute_url()}#pending-{comment.pk}",
        "created_at": comment.created_at.isoformat().replace("+00:00", "Z"),
        "published_at": None,
        "edited_at": None,
    }
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code, delivery.last_error) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
        "",
    )
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


@pytest.mark.parametrize(
    ("action", "event", "status"),
    [
        (approve_comment, "comment.published", "published"),
        (reject_comment, "comment.rejected", "rejected"),
        (mark_spam, "comment.rejected", "spam"),
    ],
)
def test_moderators_decisions_are_events(post, comment_on, committed, hook, receiver, make_user, action, event, status):
    moderator = make_user("marta", role=Role.MODERATOR)
    comment = _held_comment(post, comment_on, committed)
    with committed():
        action(comment, moderator=moderator, reason="checked")
    request = receiver.requests[-1]
    assert request.headers["X-Stoa-Event"] == event
    data = request.json["data"]
    assert (data["id"], data["status"], data["previous_status"], data["decided_by"]) == (
        comment.pk,
        status,
        "held",
        "moderator",
    )
    if status == "published":
        assert data["number"] == 1
        assert data["permalink"].endswith(f"{post.get_absolute_url()}#c1")
    assert "marta" not in request.body.decode()


def test_a_published_comment_from_the_pipeline_is_an_event(post, comment_on, committed, hook, receiver, make_user):
    with committed():
        comment = comment_on(post, "A thoughtful reply, thank you.", author=make_user("ann")).comment
    assert comment.status == Status.PUBLISHED
    [request] = receiver.requests
    assert request.headers["X-Stoa-Event"] == "comment.published"
    assert request.json["data"]["number"] == comment.number


def test_a_filed_report_is_an_event_without_the_reporter_or_the_receipt(
    post, comment_on, committed, hook, receiver, make_user
):
    with committed():
        comment = comment_on(post, "A published comment.", author=make_user("ann")).comment
    reporter = make_user("rita")
    with committed():
        report = file_report(comment, reporter=reporter, category=Report.Category.HARASSMENT, text="Rita says: mean")
    request = receiver.requests[-1]
    assert request.headers["X-Stoa-Event"] == "report.filed"
    data = request.json["data"]
    assert data == {
        "id": report.pk,
        "category": "harassment",
        "status": "received",
        "subject": "comment",
        "comment": comment.pk,
        "post": post.pk,
        "permalink": f"http://127.0.0.1:8000{post.get_absolute_url()}#c{comment.number}",
        "created_at": report.created_at.isoformat().replace("+00:00", "Z"),
    }
    raw = request.body.decode()
    for secret_of_the_reporter in (report.receipt, "rita", "Rita says"):
        assert secret_of_the_reporter not in raw


def test_later_steps_of_a_report_are_not_events(post, comment_on, committed, hook, receiver, make_user, moderator):
    from stoa.moderation.reports import start_review

    with committed():
        comment = comment_on(post, "A published comment.", author=make_user("ann")).comment
        report = file_report(comment, reporter=make_user("rita"), category=Report.Category.HATE)
    with committed():
        start_review(report, moderator=moderator)
    assert [request.headers["X-Stoa-Event"] for request in receiver.requests] == [
        "comment.published",
        "report.filed",
    ]


def test_an_opened_shield_is_an_event(committed, hook, receiver, make_user):
    ola = make_user("ola", display_name="Ola Okafor")
    with committed():
        shield = open_shield(
            "member:ola", "Ola Okafor", origin=Shield.Origin.ALERT, reason="3 hostile authors in 2 hours", member=ola
        )
    [request] = receiver.requests
    assert request.headers["X-Stoa-Event"] == "shield.opened"
    assert request.json["data"] == {
        "id": shield.pk,
        "target_label": "Ola Okafor",
        "origin": "alert",
        "opened_at": shield.opened_at.isoformat().replace("+00:00", "Z"),
        "ends_at": shield.ends_at.isoformat().replace("+00:00", "Z"),
    }
    assert "hostile" not in request.body.decode()  # the detector's reason and figures stay inside


def test_no_payload_carries_emails_hashes_addresses_scores_or_reporters(
    post, comment_on, committed, hook, receiver, make_user, moderator
):
    comment = _held_comment(post, comment_on, committed)
    with committed():
        approve_comment(comment, moderator=moderator)
    with committed():
        file_report(comment, reporter=make_user("rita"), category=Report.Category.OTHER, text="why")
    with committed():
        open_shield("person:someone", "Someone", origin=Shield.Origin.MODERATOR, reason="pile-on", by=moderator)
    comment.refresh_from_db()
    assert {request.headers["X-Stoa-Event"] for request in receiver.requests} == {
        "comment.held",
        "comment.published",
        "report.filed",
        "shield.opened",
    }
    forbidden = ("email", "hash", "ip", "score", "reporter", "receipt", "weight", "alert", "reason", "moderator")
    for request in receiver.requests:
        keys = _all_keys(request.json)
        assert not [key for key in keys if any(word in key.lower() for word in forbidden)], keys
        raw = request.body.decode()
        for private in (GUEST_EMAIL, comment.guest_email_hash, comment.ip_hash, "Gail Guest"):
            assert private not in raw


def test_a_webhook_is_sent_only_the_events_it_chose(post, comment_on, committed, receiver, make_user):
    create_webhook(receiver.url("/reports"), ["report.filed"])
    create_webhook(receiver.url("/held"), ["comment.held"])
    with committed():
        comment = comment_on(post, "A published comment.", author=make_user("ann")).comment
        file_report(comment, reporter=make_user("rita"), category=Report.Category.SPAM)
    assert [(request.path, request.headers["X-Stoa-Event"]) for request in receiver.requests] == [
        ("/reports", "report.filed")
    ]


def test_inactive_webhooks_get_nothing_not_even_retries(post, comment_on, committed, hook, receiver):
    webhook, _secret = hook
    receiver.answer_with(500)
    _held_comment(post, comment_on, committed)
    pending = WebhookDelivery.objects.get()
    assert pending.status == DeliveryStatus.PENDING
    Webhook.objects.filter(pk=webhook.pk).update(active=False)

    _held_comment(post, comment_on, committed)  # a new event: no delivery at all
    assert WebhookDelivery.objects.count() == 1
    webhooks.send_due(now=timezone.now() + timedelta(hours=1))  # the retry is not sent either
    pending.refresh_from_db()
    assert pending.status == DeliveryStatus.FAILED
    assert "turned off" in pending.last_error
    assert len(receiver.requests) == 1


def test_an_error_in_a_webhook_never_breaks_the_change_it_reports(post, comment_on, committed, hook, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(webhooks, "record_event", broken)
    comment = _held_comment(post, comment_on, committed)  # no exception out of the after-commit signal
    assert Comment.objects.filter(pk=comment.pk).exists()


# Tries, retries and giving up -------------------------------------------------------------------------------------


def test_a_500_is_retried_after_a_minute_with_the_same_body_and_id(post, comment_on, committed, hook, receiver):
    receiver.answer_with(500, 200)
    _held_comment(post, comment_on, committed)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.last_error == "HTTP 500"
    first_try = delivery.next_attempt_at - BACKOFF[0]
    assert abs((first_try - delivery.created_at).total_seconds()) < 5

    assert not webhooks.send_due(now=first_try + timedelta(seconds=30))  # not due yet
    assert webhooks.send_due(now=delivery.next_attempt_at) == {DeliveryStatus.DELIVERED: 1}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.DELIVERED, 2, 200)
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["X-Stoa-Delivery"] == second.headers["X-Stoa-Delivery"] == str(delivery.pk)


def test_failing_deliveries_back_off_1m_5m_30m_2h_12h_then_give_up(hook, receiver):
    receiver.answer_with(503)
    start = timezone.now()
    delivery = _event(now=start)
    now = start
    assert webhooks.attempt(delivery.pk, now=now).status == DeliveryStatus.PENDING
    waits = []
    for _retry in BACKOFF:
        delivery.refresh_from_db()
        waits.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at
        assert webhooks.send_due(now=now - timedelta(seconds=1)) == {}  # a second early: nothing
        webhooks.send_due(now=now)
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.GAVE_UP,
        MAX_ATTEMPTS,
        None,
    )
    assert delivery.last_response_code == 503 and "the last" in delivery.last_error
    assert len(receiver.requests) == MAX_ATTEMPTS == 6
    assert webhooks.send_due(now=now + timedelta(days=7)) == {}
    assert len(receiver.requests) == 6


@pytest.mark.parametrize("status", [408, 429, 502])
def test_timeouts_rate_limits_and_server_errors_are_retried(hook, receiver, status):
    receiver.answer_with(status)
    delivery = webhooks.attempt(_event().pk)
    assert (delivery.status, delivery.last_response_code) == (DeliveryStatus.PENDING, status)


def test_an_unreachable_receiver_is_retried(db, settings):
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=True)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    create_webhook(f"http://127.0.0.1:{port}/hook", ALL_EVENTS)
    delivery = webhooks.attempt(_event().pk)
    assert (delivery.status, delivery.last_response_code) == (DeliveryStatus.PENDING, None)
    assert "could not be reached" in delivery.last_error


@pytest.mark.parametrize("status", [400, 401, 404, 410, 422])
def test_a_4xx_is_a_refusal_and_is_not_retried(hook, receiver, status):
    receiver.answer_with(status)
    delivery = webhooks.attempt(_event().pk)
    assert (delivery.status, delivery.last_response_code, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        status,
        None,
    )
    assert webhooks.send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(receiver.requests) == 1


def test_a_redirect_is_not_followed(hook, receiver):
    receiver.answer_with(307, Location=receiver.url("/elsewhere"))
    delivery = webhooks.attempt(_event().pk)
    assert (delivery.status, delivery.last_response_code) == (DeliveryStatus.FAILED, 307)
    assert "not followed" in delivery.last_error
    assert [request.path for request in receiver.requests] == ["/hooks/stoa"]


def test_private_addresses_are_refused_with_the_default_setting(hook, receiver, settings):
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=False)
    delivery = webhooks.attempt(_event().pk)
    assert delivery.status == DeliveryStatus.FAILED
    assert "127.0.0.1 is not a public address" in delivery.last_error
    assert receiver.requests == []


# The tick and claims ----------------------------------------------------------------------------------------------


def test_the_tick_sends_what_is_due(hook, receiver):
    receiver.answer_with(500, 200)
    start = timezone.now()
    delivery = webhooks.attempt(_event(now=start).pk, now=start)
    assert delivery.status == DeliveryStatus.PENDING

    outcomes = {outcome.name: outcome.line() for outcome in tick.run_tick(start + timedelta(seconds=10))}
    assert outcomes["webhooks"] == "webhooks: no delivery due"
    outcomes = {outcome.name: outcome for outcome in tick.run_tick(start + timedelta(minutes=1))}
    assert not outcomes["webhooks"].failed
    assert outcomes["webhooks"].line() == "webhooks: 1 delivery tried: 1 delivered"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len(receiver.requests) == 2


def test_a_claimed_delivery_is_not_sent_twice(hook, receiver):
    now = timezone.now()
    delivery = _event(now=now)
    assert webhooks.claim(delivery.pk, now) is True  # one worker takes it ...
    assert webhooks.claim(delivery.pk, now) is False  # ... and no other can
    assert webhooks.attempt(delivery.pk, now=now) is None
    assert webhooks.send_due(now=now) == {}  # a tick running meanwhile skips it
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    # A worker that died holding the claim: the delivery is due again once the claim runs out.
    assert webhooks.send_due(now=now + CLAIM_LEASE) == {DeliveryStatus.DELIVERED: 1}
    assert len(receiver.requests) == 1
    assert webhooks.send_due(now=now + 2 * CLAIM_LEASE) == {}


def test_a_backend_that_can_defer_gets_the_first_try_and_each_retry_enqueued(hook, receiver, settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    receiver.answer_with(500)
    with committed():
        [delivery] = dispatch(WebhookEvent.REPORT_FILED, {"id": 1})
        assert default_task_backend.results == []  # enqueued only once the transaction commits
    assert receiver.requests == []  # a queue: a worker will send it
    [first] = default_task_backend.results
    assert (first.task.name, first.args, first.task.run_after) == ("deliver_webhook", [delivery.pk], None)

    assert deliver_webhook.call(delivery.pk) == DeliveryStatus.PENDING  # what a worker does
    retry = default_task_backend.results[-1]
    delivery.refresh_from_db()
    assert (retry.args, retry.task.run_after) == ([delivery.pk], delivery.next_attempt_at)
    assert deliver_webhook.call(delivery.pk) == "not due"  # a worker that runs it early sends nothing
    assert len(receiver.requests) == 1


# Registering, in the admin ----------------------------------------------------------------------------------------


def test_a_webhook_needs_an_http_url_and_known_events(db):
    with pytest.raises(webhooks.InvalidWebhookUrl):
        create_webhook("ftp://example.org/hook", ALL_EVENTS)
    with pytest.raises(webhooks.UnknownEvent, match="comment.deleted"):
        create_webhook("https://example.org/hook", ["comment.deleted"])
    with pytest.raises(webhooks.UnknownEvent, match="at least one"):
        create_webhook("https://example.org/hook", [])
    webhook, secret = create_webhook("https://example.org/hook", ["report.filed", "report.filed"])
    assert webhook.events == ["report.filed"]
    assert secret.startswith("whsec_") and len(secret) > 40 and webhook.secret == secret


def test_admins_register_a_webhook_see_its_secret_once_and_send_a_test_event(client, make_user, receiver):
    admin = make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    form = {"url": receiver.url(), "events": ["comment.held", "shield.opened"], "active": "on"}
    page = client.post("/admin/api/webhook/add/", form, follow=True).content.decode()
    webhook = Webhook.objects.get()
    assert (webhook.url, webhook.events, webhook.active, webhook.created_by) == (
        receiver.url(),
        ["comment.held", "shield.opened"],
        True,
        admin,
    )
    assert webhook.secret in page  # shown once, in the message ...
    listing = client.get("/admin/api/webhook/").content.decode()
    assert webhook.secret not in listing and webhook.secret[:10] in listing  # ... then only its start
    assert webhook.secret not in client.get(f"/admin/api/webhook/{webhook.pk}/change/").content.decode()

    refused = client.post("/admin/api/webhook/add/", {**form, "url": "file:///etc/passwd"})
    assert refused.status_code == 200 and Webhook.objects.count() == 1

    with_client_commit = client.post(
        "/admin/api/webhook/", {"action": "send_test_event", "_selected_action": [webhook.pk]}, follow=True
    )
    [request] = receiver.requests
    assert request.headers["X-Stoa-Event"] == TEST_EVENT
    assert verify(webhook.secret, request.headers, request.body)
    assert request.json["data"]["webhook"] == webhook.pk
    delivery = WebhookDelivery.objects.get()
    assert f"Test event #{delivery.pk}" in with_client_commit.content.decode()

    log = client.get(f"/admin/api/webhookdelivery/?webhook__id__exact={webhook.pk}")
    assert log.status_code == 200 and "webhook.test" in log.content.decode()
    detail = client.get(f"/admin/api/webhookdelivery/{delivery.pk}/change/").content.decode()
    assert 'name="_save"' not in detail  # the log is read-only
    assert client.get("/admin/api/webhookdelivery/add/").status_code == 403


def test_replacing_the_secret_shows_the_new_one_once_and_signs_with_it(client, make_user, hook, receiver):
    webhook, old = hook
    client.force_login(make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True))
    page = client.post(
        "/admin/api/webhook/", {"action": "replace_secret", "_selected_action": [webhook.pk]}, follow=True
    ).content.decode()
    webhook.refresh_from_db()
    assert webhook.secret != old and webhook.secret in page
    webhooks.attempt(_event().pk)
    [request] = receiver.requests
    assert verify(webhook.secret, request.headers, request.body)
    assert not verify(old, request.headers, request.body)
