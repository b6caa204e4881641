from django.urls import path, register_converter

from stoa.blog import feeds, views


class TwoDigits:
    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


class FourDigits(TwoDigits):
    regex = r"[0-9]{4}"

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


register_converter(TwoDigits, "dd")
register_converter(FourDigits, "yyyy")

app_name = "blog"
urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("category/<slug:slug>/", views.category_archive, name="category"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("tag/<slug:slug>/", views.tag_archive, name="tag"),
    path("author/<str:username>/", views.author_archive, name="author"),
    path("<yyyy:year>/<dd:month>/", views.month_archive, name="month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/", views.post_detail, name="post"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/comments/feed/",
        feeds.PostCommentsFeed(),
        name="comments-feed",
    ),
]
