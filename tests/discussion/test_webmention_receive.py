"""Receiving Webmentions from another site (a real HTTP server on 127.0.0.1) through the endpoint, as a sender would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from stoa.blog.models import PostStatus
from stoa.discussion.models import Comment, CommentKind, IncomingMention, MentionStatus
from stoa.discussion.received_mentions import REASON_LINK_GONE, REASON_SOURCE_GONE, verify_queued
from stoa.moderation.actions import approve_comment, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, ModerationDecision

from .mention_peer import entry_page

pytestmark = pytest.mark.usefixtures("fresh_mention_counters")


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a Webmention, then verify it as ``stoa tick`` does (the immediate backend leaves it queued)."""

    def send(source: str, target: str, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/webmention/", {"source": source, "target": target}, **headers)
        verify_queued(now=timezone.now())
        return response

    return send


def test_a_valid_webmention_is_accepted_verified_and_held_like_a_first_guest_comment(
    peer, post, target, send, moderator
) -> None:
    source = peer.page("/notes/1", entry_page(target))

    response = send(source, target)

    assert response.status_code == 202
    assert re.fullmatch(r"http://testserver/webmention/[\w-]+/", response["Location"])
    assert response.json()["status"] == "queued"
    mention = IncomingMention.objects.get()
    assert (mention.status, mention.kind, mention.post) == (MentionStatus.VERIFIED, CommentKind.WEBMENTION, post)
    comment = mention.comment
    assert (comment.kind, comment.source_url, comment.status) == (CommentKind.WEBMENTION, source, Status.HELD)
    assert comment.guest_name == "Alice Author"
    assert comment.guest_website == peer.url("/alice")
    assert comment.body.startswith("I liked this post a lot.")
    assert "I liked this post" not in Client().get(post.get_absolute_url()).content.decode()
    assert [request.path for request in peer.requests] == ["/notes/1"]

    approve_comment(comment, moderator=moderator)
    page = Client().get(post.get_absolute_url()).content.decode()
    assert 'id="c1" data-number="1" data-status="published" data-kind="webmention"' in page
    assert f'mentioned this on <a href="{source}" rel="nofollow ugc">127.0.0.1</a>' in page
    assert "I liked this post a lot." in page


def test_a_mention_is_numbered_in_turn_with_the_comments(
    peer, post, target, send, comment_on, make_user, publish_mentions
) -> None:
    earlier = timezone.now() - dt.timedelta(minutes=5)
    first = comment_on(post, "First comment on this.", author=make_user(), now=earlier).comment
    assert first.number == 1

    send(peer.page("/note", entry_page(target)), target)

    mention = IncomingMention.objects.get().comment
    assert (mention.status, mention.number) == (Status.PUBLISHED, 2)
    assert mention.decisions.get().status == Status.PUBLISHED  # through the pipeline, like any comment
    page = Client().get(post.get_absolute_url()).content.decode()
    assert page.index('id="c1"') < page.index('id="c2"')


def test_the_status_url_tells_where_the_mention_stands(peer, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    location = send(source, target)["Location"]

    status = Client().get(location).json()

    assert status["status"] == "verified"
    assert status["source"] == source
    assert status["comment"].endswith("#c1")
    html = Client().get(location, HTTP_ACCEPT="text/html").content.decode()
    assert "Shown in the thread." in html


@pytest.mark.parametrize(
    ("source", "target_path", "error"),
    [
        ("{peer}/note", "http://elsewhere.example/2026/01/01/x/", "target_unknown"),
        ("{peer}/note", "http://testserver/", "target_not_post"),
        ("{peer}/note", "http://testserver/2020/01/01/no-such-post/", "target_unknown"),
        ("ftp://example.org/note", "{post}", "source"),
        ("not a url", "{post}", "source"),
        ("{post}", "{post}", "source"),
        ("", "{post}", "source"),
        ("{peer}/note", "", "target_unknown"),
    ],
)
def test_a_wrong_source_or_target_is_a_400_with_a_reason(peer, target, send, source, target_path, error) -> None:
    fill = {"peer": peer.url(""), "post": target}
    response = send(source.format(**fill), target_path.format(**fill))

    assert response.status_code == 400
    assert response.json()["error"] == error
    assert response.json()["detail"]
    assert not IncomingMention.objects.exists()
    assert peer.requests == []


def test_a_draft_is_not_a_target(peer, make_post, send) -> None:
    draft = make_post("Not yet", status=PostStatus.DRAFT)
    target = f"http://testserver/2026/01/01/{draft.slug}/"
    assert send(peer.page("/n", entry_page(target)), target).status_code == 400


def test_the_sites_own_public_address_is_a_valid_target(peer, post, send, settings, publish_mentions) -> None:
    settings.CONFIG = settings.CONFIG.replace(site_url="https://blog.example")
    target = f"https://blog.example{post.get_absolute_url()}"
    assert send(peer.page("/n", entry_page(target)), target).status_code == 202
    assert IncomingMention.objects.get().status == MentionStatus.VERIFIED


def test_a_source_without_a_link_makes_no_mention(peer, target, send) -> None:
    source = peer.page("/unrelated", "<p>Nothing to see, only <a href='https://other.example/'>elsewhere</a>.</p>")

    assert send(source, target).status_code == 202

    assert not Comment.objects.exists()
    mention = IncomingMention.objects.get()
    assert (mention.status, mention.detail) == (MentionStatus.NO_LINK, "The source does not link to the target.")


@pytest.mark.parametrize(
    "html",
    [
        "<!-- <a href='{target}'>hidden in a comment</a> -->",
        "<a href='{target}more/'>a longer address</a>",
        "<p>The address {target} written out, not linked</p>",
        "<a data-href='{target}'>not an href</a>",
    ],
)
def test_only_an_exact_link_counts(peer, target, send, html) -> None:
    send(peer.page("/page", html.format(target=target)), target)
    assert IncomingMention.objects.get().status == MentionStatus.NO_LINK


def test_a_relative_link_that_resolves_to_the_target_counts(peer, post, target, send) -> None:
    html = f'<base href="http://testserver/"><a href="{post.get_absolute_url().lstrip("/")}">relative</a>'
    send(peer.page("/relative", html), target)
    assert IncomingMention.objects.get().status == MentionStatus.VERIFIED


def test_a_page_without_microformats_is_shown_under_its_title_and_host(peer, target, send, publish_mentions) -> None:
    send(peer.page("/plain", f"<title>Plain &amp; simple</title><a href='{target}'>this</a>"), target)

    comment = IncomingMention.objects.get().comment
    assert (comment.guest_name, comment.body, comment.guest_website) == ("127.0.0.1", "Plain & simple", "")


def test_the_excerpt_is_sanitised_and_shortened(peer, target, send, publish_mentions, post) -> None:
    text = "<img src=x onerror=alert(1)> Long notes. " + "The allotment grew tomatoes and beans this year. " * 20
    send(peer.page("/long", entry_page(target, text=text.replace("<", "&lt;"))), target)

    comment = IncomingMention.objects.get().comment
    assert len(comment.body) <= 501 and comment.body.endswith("…")
    assert "<img" not in comment.body_html and "onerror" not in comment.body_html
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "Long notes. The allotment grew tomatoes" in page and "onerror" not in page


def test_an_updated_source_updates_the_same_entry_through_the_pipeline(peer, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target, "First version."))
    send(source, target)
    comment = IncomingMention.objects.get().comment

    peer.page("/note", entry_page(target, "Second, corrected version."))
    send(source, target)

    assert Comment.objects.count() == IncomingMention.objects.count() == 1
    updated = Comment.objects.get()
    assert (updated.pk, updated.number) == (comment.pk, 1)
    assert updated.body.startswith("Second, corrected version.") and updated.edited_at is not None
    assert updated.decisions.count() == 2
    assert AuditEvent.objects.filter(action="mention.updated", target_id=str(comment.pk)).exists()


def test_sending_the_same_mention_again_changes_nothing(peer, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    send(source, target)
    before = (Comment.objects.get().body, ModerationDecision.objects.count(), AuditEvent.objects.count())

    for _ in range(3):
        assert send(source, target).status_code == 202

    assert Comment.objects.count() == 1 and IncomingMention.objects.count() == 1
    assert (Comment.objects.get().body, ModerationDecision.objects.count(), AuditEvent.objects.count()) == before
    assert IncomingMention.objects.get().status == MentionStatus.VERIFIED


def test_a_source_that_answers_410_has_its_mention_removed(peer, post, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    send(source, target)
    peer.page("/note", "Deleted.", status=410)

    send(source, target)

    comment = Comment.objects.get()
    assert comment.status == Status.REJECTED
    assert comment.decisions.first().reasons == [REASON_SOURCE_GONE]
    assert IncomingMention.objects.get().status == MentionStatus.GONE
    assert "I liked this post" not in Client().get(post.get_absolute_url()).content.decode()


def test_a_source_that_no_longer_links_here_has_its_mention_removed(peer, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    send(source, target)
    peer.page("/note", "<p>I took the link out.</p>")

    send(source, target)
    send(source, target)  # idempotent: removed once

    comment = Comment.objects.get()
    assert comment.status == Status.REJECTED
    assert list(comment.decisions.values_list("reasons", flat=True)) == [[REASON_LINK_GONE], []]
    assert IncomingMention.objects.get().status == MentionStatus.NO_LINK


def test_a_source_that_links_again_is_moderated_again(peer, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    send(source, target)
    peer.page("/note", "<p>Gone for now.</p>")
    send(source, target)
    peer.page("/note", entry_page(target))

    send(source, target)

    comment = Comment.objects.get()
    assert (comment.status, comment.number) == (Status.PUBLISHED, 1)


def test_a_mention_a_moderator_removed_stays_removed(peer, target, send, moderator, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    send(source, target)
    reject_comment(Comment.objects.get(), moderator=moderator, reason="off-topic")
    peer.page("/note", entry_page(target, "Now with different words."))

    send(source, target)

    assert Comment.objects.get().status == Status.REJECTED
    assert IncomingMention.objects.get().detail.startswith("This mention was removed")


def test_an_unreachable_source_leaves_an_earlier_mention_as_it_was(peer, target, send, publish_mentions) -> None:
    source = peer.page("/note", entry_page(target))
    send(source, target)
    peer.page("/note", "Down for maintenance", status=503)

    send(source, target)

    assert Comment.objects.get().status == Status.PUBLISHED
    mention = IncomingMention.objects.get()
    assert (mention.status, mention.detail) == (MentionStatus.FAILED, "The source answered 503.")


def test_with_the_default_setting_a_source_on_a_private_address_is_never_fetched(peer, target, send, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=False)
    source = peer.page("/note", entry_page(target))

    assert send(source, target).status_code == 202

    mention = IncomingMention.objects.get()
    assert mention.status == MentionStatus.FAILED
    assert mention.detail == "The source may not be fetched: 127.0.0.1 is not a public address."
    assert peer.requests == [] and not Comment.objects.exists()


def test_a_closed_thread_refuses_the_mention(peer, post, target, send) -> None:
    post.comments_closed = True
    post.save()
    send(peer.page("/note", entry_page(target)), target)
    mention = IncomingMention.objects.get()
    assert mention.status == MentionStatus.REFUSED and not Comment.objects.exists()


def test_receiving_can_be_switched_off(peer, target, send, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(receive_mentions=False)
    response = send(peer.page("/note", entry_page(target)), target)
    assert response.status_code == 403
    assert response.json()["detail"] == "This site does not accept mentions."


def test_an_html_client_gets_a_page(peer, target, send) -> None:
    response = send(peer.page("/note", entry_page(target)), "http://testserver/", HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    assert "The target is not a post" in response.content.decode()


def test_the_endpoint_takes_only_posts(client) -> None:
    assert client.get("/webmention/").status_code == 405


def test_post_pages_advertise_both_endpoints(client, post) -> None:
    response = client.get(post.get_absolute_url())

    assert response["Link"] == '<http://127.0.0.1:8000/webmention/>; rel="webmention"'
    assert response["X-Pingback"] == "http://127.0.0.1:8000/xmlrpc/"
    html = response.content.decode()
    assert '<link rel="webmention" href="http://127.0.0.1:8000/webmention/">' in html
    assert '<link rel="pingback" href="http://127.0.0.1:8000/xmlrpc/">' in html
    assert "X-Pingback" not in client.get("/")


def test_a_target_without_its_trailing_slash_is_the_same_post(peer, post, send, publish_mentions) -> None:
    target = f"http://testserver{post.get_absolute_url().rstrip('/')}"
    assert send(peer.page("/n", entry_page(target)), target).status_code == 202
    assert IncomingMention.objects.get().post == post


def test_admins_see_received_mentions(peer, target, send, client, make_user) -> None:
    send(peer.page("/note", entry_page(target)), target)
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    page = client.get("/admin/discussion/incomingmention/").content.decode()
    assert peer.url("/note") in page and "verified" in page.lower()
