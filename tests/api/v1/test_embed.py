"""The comment widget's endpoints: a page's thread by its address, CORS for the allowed sites only, and comments
through exactly the form's path (pipeline, shields, blocks)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from stoa.discussion.embedding import thread_for_page
from stoa.discussion.models import Comment, Thread
from stoa.discussion.page_urls import page_url
from stoa.moderation.actions import approve_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.people.services import block, go_dormant
from stoa.safety.models import Shield
from stoa.safety.register import register_person
from stoa.safety.shields import open_shield
from tests.api.v1.conftest import API, assert_problem

BLOG = "https://blog.example"
PAGE = f"{BLOG}/2026/11/why-numbers/"
EVIL = "https://evil.example"
ENDPOINT = f"{API}/threads/by-url/comments"


@pytest.fixture(autouse=True)
def blog_may_embed(db, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(embed_origins=(BLOG, "http://localhost:8001"))


def _post(client, body: dict, *, url: str = PAGE, origin: str | None = BLOG, ip: str = "192.0.2.10", key=None):
    headers = {"Origin": origin} if origin else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return client.post(
        f"{ENDPOINT}?url={url}", json.dumps(body), content_type="application/json", headers=headers, REMOTE_ADDR=ip
    )


def _get(client, *, url: str = PAGE, origin: str | None = BLOG, **params):
    headers = {"Origin": origin} if origin else {}
    return client.get(ENDPOINT, {"url": url, **params}, headers=headers)


def _guest(body: str, name: str = "Gail Guest", **fields) -> dict:
    return {"body": body, "name": name, "email": f"{name.split()[0].lower()}@example.org", **fields}


def _vary(response) -> set[str]:
    return {part.strip() for part in response.get("Vary", "").split(",")}


# Reading


def test_an_unknown_page_lists_nothing_and_creates_no_thread(client):
    response = _get(client)
    assert response.status_code == 200
    data = response.json()
    assert (data["items"], data["count"], data["thread"], data["closed"]) == ([], 0, None, False)
    assert data["page_url"] == PAGE
    assert Thread.objects.count() == 0


def test_a_page_address_is_keyed_one_way_whatever_its_spelling(client):
    assert _get(client, url="HTTPS://Blog.Example:443/2026/11/why-numbers/#comments").json()["page_url"] == PAGE
    assert page_url("https://blog.example").url == "https://blog.example/"
    assert page_url("https://blog.example/?p=12#c3").url == "https://blog.example/?p=12"


def test_a_held_comment_is_not_listed_until_a_moderator_approves_it(client, moderator):
    assert _post(client, _guest("The second section is the strongest.")).status_code == 202
    assert _get(client).json()["items"] == []
    approve_comment(Comment.objects.get(), moderator=moderator)
    listed = _get(client).json()
    assert [(item["number"], item["author"]["display_name"]) for item in listed["items"]] == [(1, "Gail Guest")]
    assert listed["count"] == 1 and listed["thread"] == Thread.objects.get().pk


# CORS


def test_an_allowed_origin_is_echoed_without_credentials(client):
    response = _get(client)
    assert response["Access-Control-Allow-Origin"] == BLOG
    assert "Origin" in _vary(response)
    assert "Access-Control-Allow-Credentials" not in response


def test_a_request_without_origin_gets_no_cors_headers_but_varies_on_origin(client):
    response = _get(client, origin=None)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Origin" in _vary(response)


def test_another_origin_gets_no_cors_headers_and_its_comment_is_refused(client):
    response = _post(client, _guest("Posted from a page that may not embed."), origin=EVIL)
    problem = assert_problem(response, 403, "origin-not-allowed")
    assert problem["detail"] == (
        "Requests from https://evil.example are refused: it is not a site allowed to embed these comments "
        "(STOA_EMBED_ORIGINS)."
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Origin" in _vary(response)
    assert (Thread.objects.count(), Comment.objects.count()) == (0, 0)
    read = _get(client, origin=EVIL)
    assert read.status_code == 403 and "Access-Control-Allow-Origin" not in read


def test_the_null_origin_of_a_sandboxed_frame_is_refused(client):
    assert_problem(_post(client, _guest("From a sandboxed frame."), origin="null"), 403, "origin-not-allowed")


def test_a_preflight_from_an_allowed_origin_allows_a_json_post(client):
    response = client.options(
        f"{ENDPOINT}?url={PAGE}",
        headers={
            "Origin": BLOG,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == BLOG
    assert response["Access-Control-Allow-Methods"] == "GET, POST"
    assert response["Access-Control-Allow-Headers"] == "Content-Type"
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response
    assert "Origin" in _vary(response)


def test_a_preflight_from_another_origin_is_refused_without_cors_headers(client):
    response = client.options(ENDPOINT, headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"})
    assert_problem(response, 403, "origin-not-allowed")
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


def test_only_the_widgets_endpoints_answer_across_origins(client, post):
    response = client.get(f"{API}/posts/{post.pk}", headers={"Origin": BLOG})
    assert "Access-Control-Allow-Origin" not in response


# Threads are made by a page's first comment, for allowed sites only


def test_a_page_on_another_site_gets_no_thread_even_from_an_allowed_origin(client):
    response = _post(client, _guest("Hello from elsewhere."), url=f"{EVIL}/page")
    problem = assert_problem(response, 403, "origin-not-allowed")
    assert problem["detail"] == (
        "https://evil.example/page is not on a site allowed to embed these comments: https://evil.example is not in "
        "the site's list of embedding origins (STOA_EMBED_ORIGINS)."
    )
    assert response["Access-Control-Allow-Origin"] == BLOG  # the widget can read why
    assert Thread.objects.count() == 0
    assert_problem(_get(client, url=f"{EVIL}/page"), 403, "origin-not-allowed")


def test_an_address_that_is_not_a_web_page_is_named_as_invalid(client):
    problem = assert_problem(_get(client, url="javascript:alert(1)"), 422, "invalid-request")
    assert problem["errors"][0]["field"] == "url"
    assert "not an http:// or https:// address" in problem["detail"]


def test_the_first_comment_creates_the_thread_and_the_next_reuses_it(client):
    first = _post(client, _guest("First!", title="Why comments get numbers"), ip="192.0.2.1")
    assert first.status_code == 202
    assert first.json()["message"] == (
        "Your comment is awaiting moderation. It will appear here once a moderator approves it."
    )
    assert first.json()["reasons"] == ["A first comment is read by a moderator before it appears."]
    second = _post(client, _guest("Second, with a longer thought.", "Hal Guest", title="Changed"), ip="192.0.2.2")
    assert second.status_code == 202
    thread = Thread.objects.get()
    assert (thread.key, thread.title, thread.post) == (PAGE, "Why comments get numbers", None)
    assert list(Comment.objects.values_list("thread", flat=True)) == [thread.pk, thread.pk]
    assert Comment.objects.first().get_absolute_url().startswith(PAGE)


def test_the_unique_page_key_refuses_a_second_thread_so_creating_twice_gives_one(db):
    page = page_url(PAGE)
    assert thread_for_page(page, "First").pk == thread_for_page(page, "Second").pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(key=PAGE)
    assert Thread.objects.get(key=PAGE).title == "First"


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks a table against readers while another connection writes "
    "it, so two connections cannot interleave; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_first_comments_at_once_make_one_thread():
    """The loser looks, finds nothing (the winner has not committed), inserts, waits on the unique key, fails,
    and takes the winner's thread: one row, no error (Isso answers 500 here)."""
    page = page_url(PAGE)
    inserted, results = threading.Event(), {}

    def winner() -> None:
        try:
            with transaction.atomic():
                results["winner"] = Thread.objects.create(key=page.url, title="Winner").pk
                inserted.set()
                time.sleep(0.5)  # the loser's lookup misses the row and its insert waits on the key meanwhile
        finally:
            connection.close()

    def loser() -> None:
        inserted.wait(5)
        try:
            results["loser"] = thread_for_page(page, "Loser").pk
        finally:
            connection.close()

    racers = [threading.Thread(target=winner), threading.Thread(target=loser)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert results["loser"] == results["winner"]
    assert list(Thread.objects.filter(key=PAGE).values_list("title", flat=True)) == ["Winner"]


def test_a_guest_needs_a_name_and_an_email_and_no_thread_is_made_without(client):
    problem = assert_problem(_post(client, {"body": "Who am I?"}), 422, "invalid-request")
    assert [error["field"] for error in problem["errors"]] == ["name", "email"]
    bad = assert_problem(_post(client, _guest("Hi there.", email="not-an-address")), 422, "invalid-request")
    assert bad["errors"] == [{"field": "email", "source": "body", "message": "enter a valid email address"}]
    assert Thread.objects.count() == 0


def test_a_reply_on_a_page_without_comments_is_refused_and_makes_no_thread(client):
    problem = assert_problem(_post(client, _guest("Answering #1.", reply_to=1)), 422, "invalid-request")
    assert problem["errors"] == [
        {"field": "reply_to", "source": "body", "message": "This page has no comments yet to reply to."}
    ]
    assert Thread.objects.count() == 0


def test_the_session_is_never_used_a_signed_in_member_posts_as_a_guest(client, make_user):
    client.force_login(make_user("sam"))
    assert_problem(_post(client, {"body": "As myself?"}), 422, "invalid-request")
    response = _post(client, _guest("As a guest, then."))
    assert response.status_code == 202
    assert Comment.objects.get().author is None


# The same pipeline, shields and blocks as the form


def test_a_guest_comment_meets_the_same_rules_as_through_the_form(client, post, settings):
    settings.CONFIG = settings.CONFIG.replace(hold_first_guest_comment=False)
    published = _post(client, _guest("A thoughtful first comment."))
    assert published.status_code == 201 and published.json()["number"] == 1
    too_soon = _post(client, _guest("And another one right away.", "Hal Guest"))
    problem = assert_problem(too_soon, 429, "comment-rate-limited")
    assert problem["code"] == "rate_limited"
    assert too_soon["Access-Control-Allow-Origin"] == BLOG


def test_a_blocked_member_cannot_reply_through_the_widget_path_as_through_the_form(
    client, post, comment_on, make_user, make_key
):
    writer = make_user("wes")
    opening = _post(client, {"body": "An opening thought."}, key=make_key("comment", member=writer))
    assert (opening.status_code, opening.json()["number"]) == (201, 1)
    on_post = comment_on(post, "My own thoughts.", author=writer).comment
    blocked = make_user("bo")
    block(writer, blocked)

    key = make_key("comment", member=blocked)
    through_widget = _post(client, {"body": "Let me answer.", "reply_to": 1}, key=key, ip="192.0.2.30")
    problem = assert_problem(through_widget, 400, "comment-refused")
    assert (problem["detail"], problem["code"]) == ("You can't reply to this member.", "reply_not_allowed")

    client.force_login(blocked)
    form = client.post(f"/comments/post/{post.pk}/", {"body": "Let me answer.", "reply_to": on_post.number})
    assert form.status_code == 400 and "You can&#x27;t reply to this member." in form.content.decode()
    assert Comment.objects.filter(author=blocked).count() == 0


def test_a_comment_key_without_a_member_is_refused_not_taken_for_a_guest(client, make_key):
    response = _post(client, _guest("Posted by a server with a key."), key=make_key("comment"))
    assert "acts for no member" in assert_problem(response, 403, "forbidden")["detail"]
    assert not Comment.objects.exists() and not Thread.objects.exists()


def test_a_guest_cannot_reply_to_a_dormant_member_through_the_widget(client, make_user, make_key):
    dormant = make_user("dee")
    assert _post(client, {"body": "An opening thought."}, key=make_key("comment", member=dormant)).status_code == 201
    go_dormant(dormant, show_comments_as_anonymous=False)
    reply = _post(client, _guest("What do you think now?", reply_to=1), ip="192.0.2.31")
    assert assert_problem(reply, 400, "comment-refused")["code"] == "reply_not_allowed"
    assert Comment.objects.count() == 1


def test_a_shield_holds_a_guest_comment_aimed_at_its_target(client, comment_on, post, moderator, settings):
    settings.CONFIG = settings.CONFIG.replace(hold_first_guest_comment=False)
    register_person("Natasha Allmark", aliases=["Ms Allmark"])
    open_shield(
        "person:natasha-allmark", "Natasha Allmark", origin=Shield.Origin.MODERATOR, reason="pile-on", by=moderator
    )
    text = "Natasha Allmark should answer for this."
    response = _post(client, _guest(text))
    assert response.status_code == 202
    assert response.json()["reasons"] == ["A moderator will read it before it appears."]
    reasons = ModerationDecision.objects.get(comment_id=response.json()["id"]).reasons
    assert any(reason.startswith("shield for Natasha Allmark") for reason in reasons)
    through_form = comment_on(post, text, name="Hal Guest", email="hal@example.org")
    assert through_form.comment.status == Status.HELD
    assert any(reason.startswith("shield for Natasha Allmark") for reason in through_form.decision.reasons)
