"""The API's URLs, mounted at the site's root: the Perspective-compatible methods keep Google's paths exactly, and
the REST API lives under ``api/v1/``."""

from django.urls import include, path

from stoa.api import perspective_views
from stoa.api.v1.api import api_urls

app_name = "api"
urlpatterns = [
    path("v1alpha1/comments:analyze", perspective_views.analyze, name="perspective_analyze"),
    path("v1alpha1/comments:suggestscore", perspective_views.suggest_score, name="perspective_suggest_score"),
    path("api/v1/", include((api_urls(), "ninja"), namespace="api_v1")),
]
