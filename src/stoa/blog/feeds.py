"""Atom feeds: the site's latest posts, each category's, and each post's comments."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from stoa.blog.models import Category, Post
from stoa.blog.queries import listed_posts, published_post
from stoa.discussion.display import author_shown
from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.safety.visibility import without_shield_hidden

FEED_SIZE = 20


class LatestPostsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return settings.CONFIG.site_name

    def link(self) -> str:
        return "/"

    def subtitle(self) -> str:
        return f"Latest posts on {settings.CONFIG.site_name}"

    def items(self):
        return listed_posts()[:FEED_SIZE]

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        return post.body_html

    def item_author_name(self, post: Post) -> str:
        return post.guest_author_name or post.author.public_name

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return post.updated_at

    def item_categories(self, post: Post):
        return [category.name for category in post.categories.all()]


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, category: Category) -> str:
        return f"{settings.CONFIG.site_name}: {category.name}"

    def link(self, category: Category) -> str:
        return category.get_absolute_url()

    def subtitle(self, category: Category) -> str:
        return f"Posts in {category.name}"

    def items(self, category: Category):
        return listed_posts().filter(categories=category)[:FEED_SIZE]


class PostCommentsFeed(Feed):
    """Published comments of one post, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, year: int, month: int, day: int, slug: str) -> Post:
        return published_post(year, month, day, slug)

    def title(self, post: Post) -> str:
        return f"Comments on {post.title}"

    def link(self, post: Post) -> str:
        return post.get_absolute_url()

    def items(self, post: Post):
        return (
            without_shield_hidden(Comment.objects.filter(thread__post=post, status=Status.PUBLISHED))
            .select_related("author", "thread__post")
            .order_by("-number")[:50]
        )

    def item_title(self, comment: Comment) -> str:
        return f"#{comment.number} by {self.item_author_name(comment)}"

    def item_description(self, comment: Comment) -> str:
        return comment.body_html

    def item_link(self, comment: Comment) -> str:
        return comment.get_absolute_url()

    def item_author_name(self, comment: Comment) -> str:
        """As the thread page names them to a stranger: a dormant member who chose so is "a dormant member"."""
        return author_shown(comment)[0]

    def item_pubdate(self, comment: Comment):
        return comment.published_at
