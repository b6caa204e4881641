"""Writing posts in the admin: publishing needs ``blog.publish_post``, others' posts need ``edit_others_post``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from stoa.blog.models import Post, PostStatus
from stoa.people.models import User
from stoa.people.roles import Role

ADD = "/admin/blog/post/add/"


def post_form(author: User, **changes: str) -> dict[str, str]:
    """The admin's add/change form for a published post, as a browser submits it."""
    return {
        "title": "From the admin",
        "slug": "from-the-admin",
        "body": "Written *in* the admin.",
        "excerpt": "",
        "author": str(author.pk),
        "status": PostStatus.PUBLISHED,
        "published_at_0": "2024-07-01",
        "published_at_1": "09:00:00",
        "guest_author_name": "",
        "guest_author_url": "",
        "guest_author_bio": "",
        "_save": "Save",
        **changes,
    }


@pytest.fixture
def contributor(make_user) -> User:
    """Staff who may write posts but not publish them (a site owner's custom role)."""
    user = make_user("connie", role=Role.MEMBER)
    group = Group.objects.create(name="contributor")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="blog", codename__in=["add_post", "change_post", "view_post"])
    )
    user.groups.add(group)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return User.objects.get(pk=user.pk)


def test_author_with_publish_permission_publishes(client: Client, author: User) -> None:
    client.force_login(author)

    response = client.post(ADD, post_form(author))

    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="from-the-admin")
    assert post.status == PostStatus.PUBLISHED
    assert post.body_html == "<p>Written <em>in</em> the admin.</p>"
    assert client.get("/2024/07/01/from-the-admin/").status_code == 200


def test_contributor_without_publish_permission_gets_a_draft(client: Client, contributor: User) -> None:
    client.force_login(contributor)

    response = client.post(ADD, post_form(contributor), follow=True)

    assert response.status_code == 200
    assert Post.objects.get(slug="from-the-admin").status == PostStatus.DRAFT
    assert "Saved as a draft: you may not publish posts." in response.content.decode()
    assert client.get("/2024/07/01/from-the-admin/").status_code == 404


def test_author_cannot_edit_someone_elses_post(client: Client, author: User, make_user, make_post) -> None:
    other = make_post("Not yours", slug="not-yours", author=make_user("olga", role=Role.AUTHOR))
    client.force_login(author)

    page = client.get(f"/admin/blog/post/{other.pk}/change/")
    client.post(f"/admin/blog/post/{other.pk}/change/", post_form(author, title="Hijacked", slug="not-yours"))

    assert page.status_code in (302, 403, 404)
    other.refresh_from_db()
    assert other.title == "Not yours"
    assert "Not yours" not in client.get("/admin/blog/post/").content.decode()


def test_author_cannot_file_a_post_under_someone_else(client: Client, author: User, make_user) -> None:
    olga = make_user("olga", role=Role.AUTHOR)
    client.force_login(author)

    client.post(ADD, post_form(olga))

    assert Post.objects.get(slug="from-the-admin").author == author


def test_author_edits_their_own_post(client: Client, author: User, make_post) -> None:
    own = make_post("Mine", slug="mine")
    client.force_login(author)

    response = client.post(f"/admin/blog/post/{own.pk}/change/", post_form(author, title="Still mine", slug="mine"))

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.title, own.author) == ("Still mine", author)


def test_editor_may_edit_others_posts(client: Client, make_user, make_post) -> None:
    post = make_post("Needs a fix", slug="needs-a-fix")
    client.force_login(make_user("eddie", role=Role.EDITOR))

    response = client.post(
        f"/admin/blog/post/{post.pk}/change/", post_form(post.author, title="Fixed", slug="needs-a-fix")
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Fixed"
