"""Who may call /api/v1: keys with scopes (acting for the member named on them), and the site's own session."""

from django.test import Client
from django.urls import reverse

from stoa.api.keys import create_key, revoke_key
from stoa.discussion.models import Comment
from stoa.people.roles import Role
from tests.api.v1.conftest import API, ApiCaller, assert_problem
from tests.conftest import PASSWORD


def test_no_key_and_no_session_is_401_with_a_bearer_challenge(api, post):
    response = api.get("/posts")
    problem = assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="stoa"'
    assert "`read` scope" in problem["detail"]


def test_an_unknown_key_is_401(api, post):
    problem = assert_problem(api.get("/posts", key="stoa_not-a-real-key"), 401, "not-authenticated")
    assert problem["detail"] == "API key not valid. Please pass a valid API key."


def test_a_revoked_key_is_refused_from_its_next_request(api, post, make_key):
    key = make_key("read")
    assert api.get("/posts", key=key).status_code == 200
    revoke_key(key)
    problem = assert_problem(api.get("/posts", key=key), 401, "not-authenticated")
    assert "revoked" in problem["detail"]


def test_a_key_in_another_scheme_is_refused_with_how_to_send_it(client, post, make_key):
    response = client.get(f"{API}/posts", headers={"Authorization": f"Token {make_key('read')}"})
    problem = assert_problem(response, 401, "not-authenticated")
    assert "Authorization: Bearer stoa_" in problem["detail"]


def test_a_key_without_the_scope_is_403_naming_the_scope(api, post, make_key, make_user):
    score_only = make_key("score")
    problem = assert_problem(api.get("/posts", key=score_only), 403, "scope-missing")
    assert problem["detail"] == "This API key does not have the 'read' scope that this request needs."

    reader = make_key("read", member=make_user())
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Can a reader write?"}, key=reader)
    assert "'comment' scope" in assert_problem(response, 403, "scope-missing")["detail"]
    assert not Comment.objects.exists()


def test_a_comment_key_writes_as_the_member_it_acts_for(api, post, make_user):
    member = make_user("kim", display_name="Kim K")
    admin = make_user("root", role=Role.ADMIN)
    key = create_key("Kim's app", ["comment"], created_by=admin, acts_for=member, qps=0)[1]
    response = api.post(f"/posts/{post.pk}/comments", {"body": "Posted from my own app."}, key=key)
    assert response.status_code == 201
    assert Comment.objects.get().author == member
    assert response.json()["author"] == {"username": "kim", "display_name": "Kim K", "guest": False}


def test_a_key_acting_for_no_one_reads_but_cannot_write(api, post, make_key):
    key = make_key("read", "comment")  # no member named
    assert api.get("/posts", key=key).status_code == 200
    problem = assert_problem(api.post(f"/posts/{post.pk}/comments", {"body": "Who am I?"}, key=key), 403, "forbidden")
    assert "acts for no member" in problem["detail"]
    assert "--acts-for USERNAME" in problem["detail"] and "Acts for" in problem["detail"]
    assert not Comment.objects.exists()


def test_a_key_never_acts_for_the_admin_who_made_it(api, post, make_user, comment_on, settings):
    admin = make_user("root", role=Role.ADMIN)
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    held = comment_on(post, "Waiting for a moderator.").comment
    writer = create_key("integration", ["read", "comment"], created_by=admin, qps=0)[1]
    moderator = create_key("bot", ["moderate"], created_by=admin, qps=0)[1]
    assert_problem(api.post(f"/posts/{post.pk}/comments", {"body": "As the admin?"}, key=writer), 403, "forbidden")
    problem = assert_problem(api.post(f"/moderation/comments/{held.pk}/approve", key=moderator), 403, "forbidden")
    assert "cannot moderate" in problem["detail"]
    assert [c.pk for c in Comment.objects.all()] == [held.pk]
    held.refresh_from_db()
    assert held.status == "held"
    assert [item["id"] for item in api.get(f"/posts/{post.pk}/comments", key=writer).json()["items"]] == []


def test_every_writing_endpoint_refuses_a_key_without_a_member(api, post, make_user, make_key):
    key = make_key("comment")
    other = make_user("ola")
    for response in (
        api.post("/reports", {"comment": 1, "reason": "spam"}, key=key),
        api.put(f"/people/{other.username}/follow", key=key),
        api.put(f"/people/{other.username}/block", key=key),
    ):
        assert "acts for no member" in assert_problem(response, 403, "forbidden")["detail"]


def test_a_key_of_a_closed_account_acts_for_no_one(api, post, make_key, make_user):
    member = make_user()
    key = make_key("comment", member=member)
    member.is_active = False
    member.save()
    assert_problem(api.post(f"/posts/{post.pk}/comments", {"body": "Still here?"}, key=key), 403, "forbidden")


def test_the_session_reads_without_a_key(client, post, make_user):
    client.force_login(make_user())
    assert ApiCaller(client).get("/posts").json()["count"] == 1


def test_a_session_write_needs_the_csrf_token(post, make_user):
    make_user("sam")
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="sam", password=PASSWORD)
    caller = ApiCaller(browser)
    problem = assert_problem(caller.post(f"/posts/{post.pk}/comments", {"body": "No token."}), 403, "csrf-failed")
    assert "X-CSRFToken" in problem["detail"]
    assert not Comment.objects.exists()

    browser.get(reverse("people:login"))  # any page with a form sets the csrftoken cookie the site's scripts read
    token = browser.cookies["csrftoken"].value
    response = caller.post(f"/posts/{post.pk}/comments", {"body": "With the token."}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert Comment.objects.get().body == "With the token."


def test_a_session_read_needs_no_csrf_token(post, make_user):
    make_user("sam")
    browser = Client(enforce_csrf_checks=True)
    browser.login(username="sam", password=PASSWORD)
    assert ApiCaller(browser).get(f"/posts/{post.pk}").status_code == 200


def test_a_key_needs_no_csrf_token(post, make_user, make_key):
    key = make_key("comment", member=make_user())
    browser = Client(enforce_csrf_checks=True)
    assert (
        ApiCaller(browser).post(f"/posts/{post.pk}/comments", {"body": "Keys skip CSRF."}, key=key).status_code == 201
    )


def test_a_moderators_key_loses_its_power_with_the_role(api, post, make_user, make_key, comment_on, settings):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    held = comment_on(post, "Waiting for a moderator.").comment
    moderator = make_user(role=Role.MODERATOR)
    key = make_key("moderate", member=moderator)
    moderator.groups.clear()
    problem = assert_problem(api.post(f"/moderation/comments/{held.pk}/approve", key=key), 403, "forbidden")
    assert "not a moderator" in problem["detail"]
    held.refresh_from_db()
    assert held.status == "held"
