"""Threads and comments: listing what the caller may see, and posting through exactly the form's path."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stoa.api.v1.outcomes import CONTENT_REASON
from stoa.blog.models import PostStatus
from stoa.discussion.models import Comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.decisions import Status
from stoa.moderation.models import WordRule
from stoa.people.services import block, go_dormant
from tests.api.v1.conftest import assert_problem


@pytest.fixture
def writer(make_user):
    return make_user("wes", display_name="Wes Writer")


@pytest.fixture
def writer_key(make_key, writer) -> str:
    return make_key("read", "comment", member=writer)


@pytest.fixture
def reader(make_key) -> str:
    return make_key("read")


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


# Listing


def test_comments_are_paged_oldest_first(api, reader, post, comment_on, make_user):
    made = [comment_on(post, f"Comment number {n}.", author=make_user()).comment for n in range(5)]
    first = api.get(f"/posts/{post.pk}/comments", key=reader, limit=2)
    assert _ids(first) == [made[0].pk, made[1].pk]
    assert (first.json()["count"], first.json()["next_offset"]) == (5, 2)
    last = api.get(f"/posts/{post.pk}/comments", key=reader, limit=2, offset=4)
    assert _ids(last) == [made[4].pk]
    assert last.json()["next_offset"] is None


def test_since_keeps_comments_published_at_or_after_it(api, reader, post, comment_on, make_user):
    made = [comment_on(post, f"Comment number {n}.", author=make_user()).comment for n in range(3)]
    since = made[1].published_at.isoformat()
    page = api.get(f"/posts/{post.pk}/comments", key=reader, since=since)
    assert _ids(page) == [made[1].pk, made[2].pk]
    thread_page = api.get(f"/threads/{made[0].thread_id}/comments", key=reader, since=since)
    assert _ids(thread_page) == _ids(page)


def test_a_comment_has_its_place_in_the_thread_and_no_email_or_hash(api, reader, post, comment_on, writer):
    parent = comment_on(post, "The first word.", author=writer).comment
    reply = comment_on(post, "A guest answers.", reply_to=parent).comment  # a guest's first comment: held
    Comment.objects.filter(pk=reply.pk).update(status=Status.PUBLISHED, number=2, published_at=reply.created_at)
    items = api.get(f"/posts/{post.pk}/comments", key=reader).json()["items"]
    assert items[0]["author"] == {"username": "wes", "display_name": "Wes Writer", "guest": False}
    assert items[1]["author"] == {"username": None, "display_name": "Gail Guest", "guest": True}
    assert (items[1]["parent"], items[1]["in_reply_to"], items[1]["depth"]) == (parent.pk, parent.pk, 1)
    assert (items[1]["thread"], items[1]["post"], items[1]["number"]) == (parent.thread_id, post.pk, 2)
    assert set(items[0]) == {
        *("id", "number", "thread", "post", "parent", "in_reply_to", "depth", "kind", "author", "body_html"),
        *("status", "hidden", "created_at", "published_at", "edited_at"),
    }
    assert "gail@example.org" not in str(items) and reply.guest_email_hash not in str(items)


def test_held_comments_are_shown_to_their_author_and_moderators_only(
    api, post, comment_on, writer, writer_key, make_key, moderator, settings
):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    held = comment_on(post, "Mine, waiting.", author=writer).comment
    rejected = comment_on(post, "Gone.", author=writer).comment
    Comment.objects.filter(pk=rejected.pk).update(status=Status.REJECTED)
    url = f"/posts/{post.pk}/comments"
    assert _ids(api.get(url, key=make_key("read"))) == []
    assert_problem(api.get(f"/comments/{held.pk}", key=make_key("read")), 404, "not-found")
    mine = api.get(url, key=writer_key).json()["items"]
    assert [(item["id"], item["status"]) for item in mine] == [(held.pk, "held")]
    assert _ids(api.get(url, key=make_key("read", member=moderator))) == [held.pk]
    assert api.get(f"/comments/{held.pk}", key=writer_key).json()["status"] == "held"


def test_a_comment_by_someone_who_blocked_the_reader_is_hidden_as_on_the_site(
    api, post, comment_on, writer, make_user, make_key
):
    comment = comment_on(post, "Not for you.", author=writer).comment
    blocked = make_user()
    block(writer, blocked)
    item = api.get(f"/comments/{comment.pk}", key=make_key("read", member=blocked)).json()
    assert (item["hidden"], item["author"], item["body_html"], item["number"]) == (True, None, "", 1)
    assert api.get(f"/comments/{comment.pk}", key=make_key("read")).json()["hidden"] is False


def test_threads_of_unpublished_posts_are_not_found(api, reader, make_post, comment_on, make_user):
    thread = thread_for_post(make_post("Soon", status=PostStatus.DRAFT))
    assert_problem(api.get(f"/threads/{thread.pk}", key=reader), 404, "not-found")
    assert_problem(api.get(f"/threads/{thread.pk}/comments", key=reader), 404, "not-found")


def test_a_thread_says_whether_it_takes_comments(api, reader, post, comment_on, make_user):
    comment = comment_on(post, "Something.", author=make_user()).comment
    data = api.get(f"/threads/{comment.thread_id}", key=reader).json()
    assert data == {"id": comment.thread_id, "post": post.pk, "title": post.title, "closed": False, "comment_count": 1}


# Posting: the form's path, with the form's answers


def test_a_published_comment_is_201(api, post, writer, writer_key):
    response = api.post(f"/posts/{post.pk}/comments", {"body": "A thoughtful **reply**."}, key=writer_key)
    assert response.status_code == 201
    data = response.json()
    assert (data["status"], data["number"], data["message"]) == (
        "published",
        1,
        "Thank you: your comment is published.",
    )
    assert data["body_html"] == "<p>A thoughtful <strong>reply</strong>.</p>"
    assert data["reasons"] == []
    assert Comment.objects.get().author == writer


def test_a_held_comment_is_202_with_the_rule_its_writer_may_know(api, post, writer_key, settings):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Please read me first."}, key=writer_key)
    assert response.status_code == 202
    data = response.json()
    assert (data["status"], data["number"]) == ("held", None)
    assert data["message"] == "Your comment is awaiting moderation. It is visible to you and will appear once approved."
    assert data["reasons"] == ["Every comment on this site is read by a moderator before it appears."]


def test_a_comment_held_by_the_content_checks_is_not_told_what_they_found(api, post, writer_key):
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Only a lowlife would say that."}, key=writer_key)
    assert response.status_code == 202
    data = response.json()
    assert data["reasons"] == [CONTENT_REASON]
    assert "watched" not in response.content.decode() and "score" not in response.content.decode()
    assert "watched word: 'lowlife'" in Comment.objects.get().decisions.get().reasons  # moderators see it


def test_a_banned_word_is_400_with_the_forms_sentence(api, post, writer_key):
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Buy cheap pills here."}, key=writer_key)
    problem = assert_problem(response, 400, "comment-refused")
    assert problem["detail"] == "Your comment was not published: it breaks this site's rules."
    assert problem["code"] == "rejected"
    assert Comment.objects.get(pk=problem["comment_id"]).status == Status.REJECTED


@pytest.mark.parametrize(
    ("body", "status"),
    [("A calm and fair remark.", "published"), ("You lowlife.", "held"), ("Buy cheap pills here.", "rejected")],
)
def test_the_api_and_the_form_decide_alike(client, api, post, make_user, make_key, body, status):
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    by_form, by_api = make_user(), make_user()
    client.force_login(by_form)
    form = client.post(reverse("discussion:post", args=[post.pk]), {"body": body}, REMOTE_ADDR="192.0.2.10")
    assert form.status_code == 302
    client.logout()
    key = make_key("comment", member=by_api)
    api.post(f"/posts/{post.pk}/comments", {"body": body}, key=key, REMOTE_ADDR="192.0.2.20")
    assert Comment.objects.get(author=by_form).status == Comment.objects.get(author=by_api).status == status


def test_a_blocked_member_cannot_reply_through_the_api(api, post, comment_on, writer, make_user, make_key):
    original = comment_on(post, "My own thoughts.", author=writer).comment
    blocked = make_user("bo")
    block(writer, blocked)
    key = make_key("comment", member=blocked)
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Let me answer.", "in_reply_to": original.pk}, key=key)
    problem = assert_problem(response, 400, "comment-refused")
    assert (problem["detail"], problem["code"]) == ("You can't reply to this member.", "reply_not_allowed")
    mention = api.post(f"/posts/{post.pk}/comments", {"body": "Hey @wes, listen."}, key=key)
    assert assert_problem(mention, 400, "comment-refused")["code"] == "mention_not_allowed"
    assert Comment.objects.filter(author=blocked).count() == 0


def test_a_reply_may_name_its_target_by_number(api, post, comment_on, make_user, writer_key):
    first = comment_on(post, "First.", author=make_user()).comment
    response = api.post(
        f"/threads/{first.thread_id}/comments", {"body": "Answering #1.", "reply_to": 1}, key=writer_key
    )
    assert (response.status_code, response.json()["in_reply_to"]) == (201, first.pk)


def test_a_reply_to_a_comment_that_is_not_there_is_422(api, post, writer_key):
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Hello?", "reply_to": 7}, key=writer_key)
    problem = assert_problem(response, 422, "invalid-request")
    assert problem["errors"] == [
        {
            "field": "reply_to",
            "source": "body",
            "message": "There is no published comment #7 in this thread to reply to.",
        }
    ]
    both = api.post(f"/posts/{post.pk}/comments", {"body": "Hi", "reply_to": 1, "in_reply_to": 1}, key=writer_key)
    assert "not both" in assert_problem(both, 422, "invalid-request")["detail"]


def test_commenting_too_quickly_is_429_with_the_pipelines_sentence(api, post, writer_key):
    assert api.post(f"/posts/{post.pk}/comments", {"body": "One thought."}, key=writer_key).status_code == 201
    response = api.post(f"/posts/{post.pk}/comments", {"body": "And another."}, key=writer_key)
    problem = assert_problem(response, 429, "comment-rate-limited")
    assert problem["code"] == "rate_limited"
    assert problem["detail"].startswith("You are commenting too quickly.")
    seconds = int(response["Retry-After"])  # the wait in the sentence, as a header
    assert 1 <= seconds <= 15 and f"Please wait {seconds} second" in problem["detail"]


def test_a_closed_thread_refuses_with_its_code(api, make_post, writer_key):
    closed = make_post("Closed", comments_closed=True)
    problem = assert_problem(
        api.post(f"/posts/{closed.pk}/comments", {"body": "Late."}, key=writer_key), 400, "comment-refused"
    )
    assert problem["code"] == "thread_closed"
    assert not Comment.objects.exists()


def test_a_closed_thread_sends_no_retry_after(api, make_post, writer_key):
    closed = make_post("Closed", comments_closed=True)
    response = api.post(f"/posts/{closed.pk}/comments", {"body": "Late."}, key=writer_key)
    assert response.status_code == 400 and "Retry-After" not in response


def test_a_banned_member_is_refused(api, post, writer, writer_key, moderator):
    from stoa.moderation.actions import ban_author

    ban_author(writer, moderator=moderator, reason="abuse")
    problem = assert_problem(
        api.post(f"/posts/{post.pk}/comments", {"body": "Still me."}, key=writer_key), 400, "comment-refused"
    )
    assert (problem["code"], problem["detail"]) == ("author_banned", "You are banned from commenting on this site.")


def test_a_page_of_comments_costs_the_same_queries_whatever_its_size(api, post, comment_on, make_user, make_key):
    key = make_key("read", member=make_user())
    url = f"/posts/{post.pk}/comments"

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url, key=key).status_code == 200
        return len(captured)

    comment_on(post, "The only comment so far.", author=make_user())
    queries_for_page()  # the key's first use of the minute also notes its last use
    few = queries_for_page()
    for n in range(8):
        comment_on(post, f"One more voice, number {n}.", author=make_user())
    assert queries_for_page() == few


def test_a_dormant_member_who_chose_anonymity_is_not_named_except_to_themselves(
    api, post, comment_on, writer, writer_key, reader
):
    comment = comment_on(post, "A fine post about bridges.", author=writer).comment
    assert comment.status == "published"
    go_dormant(writer, show_comments_as_anonymous=True)
    shown = api.get(f"/comments/{comment.pk}", key=reader).json()["author"]
    assert shown == {"username": None, "display_name": "a dormant member", "guest": False}
    own = api.get(f"/comments/{comment.pk}", key=writer_key)
    assert own.json()["author"]["username"] == "wes", own.content
