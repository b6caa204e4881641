"""The sitemap: published posts and the category archives."""

from django.contrib.sitemaps import Sitemap

from stoa.blog.models import Category, Post


class PostSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Post.objects.published()

    def lastmod(self, post: Post):
        return post.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Category.objects.all()


SITEMAPS = {"posts": PostSitemap, "categories": CategorySitemap}
