"""``/api/v1/posts``: the published posts, newest first, and one post with its body."""

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from stoa.api.models import Scope
from stoa.api.v1.auth import needs
from stoa.api.v1.paging import page_of
from stoa.api.v1.problems import ApiProblem
from stoa.api.v1.representation import post_data
from stoa.api.v1.schemas import PageQuery, PostOut, PostPage, answers
from stoa.blog.models import Post
from stoa.moderation.decisions import Status

router = Router(tags=["posts"])


def published_posts() -> QuerySet[Post]:
    """Posts a reader may see, with what ``post_data`` reads fetched up front (a constant number of queries)."""
    return (
        Post.objects.published()
        .select_related("author", "thread")
        .prefetch_related("categories", "tags")
        .annotate(published_comments=Count("thread__comments", filter=Q(thread__comments__status=Status.PUBLISHED)))
    )


def find_published_post(post_id: int, posts: QuerySet[Post] | None = None) -> Post:
    """The published post ``post_id`` (from ``posts``, by default all of them: a lookup with nothing fetched)."""
    post = (posts if posts is not None else Post.objects.published()).filter(pk=post_id).first()
    if post is None:
        raise ApiProblem("not-found", f"There is no published post with id {post_id}.")
    return post


@router.get("/posts", response=answers(PostPage), auth=needs(Scope.READ))
def list_posts(request: HttpRequest, page: Query[PageQuery]):
    """Published posts, newest first; `since` keeps those published at or after it."""
    posts, paging = page_of(published_posts().order_by("-published_at", "-id"), page, stamp="published_at")
    return {"items": [post_data(request, post) for post in posts], **paging}


@router.get("/posts/{post_id}", response=answers(PostOut, 404), auth=needs(Scope.READ))
def get_post(request: HttpRequest, post_id: int):
    """One published post, with its body as HTML."""
    return post_data(request, find_published_post(post_id, published_posts()), with_body=True)
