"""The site's URLs: each app keeps its own, mounted here."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from stoa.blog.media_views import post_image
from stoa.blog.sitemaps import SITEMAPS
from stoa.discussion.embed_views import embed_script
from stoa.moderation.rules_views import community_rules
from stoa.moderation.transparency import transparency

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("embed.js", embed_script, name="embed-script"),
    path("media/<path:path>", post_image, name="post-image"),
    path("people/", include("stoa.people.urls")),
    path("comments/", include("stoa.discussion.urls")),
    path("moderation/", include("stoa.moderation.urls")),
    path("transparency/", transparency, name="transparency"),
    path("rules/", community_rules, name="rules"),
    path("safety/", include("stoa.safety.urls")),
    path("inbox/", include("stoa.moderation.inbox_urls")),
    path("", include("stoa.api.urls")),
    path("", include("stoa.discussion.mention_urls")),
    path("", include("stoa.blog.urls")),
]
