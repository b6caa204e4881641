"""The mention endpoints, at the site's root where senders look for them: ``/webmention/`` and ``/xmlrpc/``."""

from django.urls import path

from stoa.discussion import mention_views

app_name = "mentions"
urlpatterns = [
    path("webmention/", mention_views.webmention, name="webmention"),
    path("webmention/<str:token>/", mention_views.mention_status, name="status"),
    path("xmlrpc/", mention_views.xmlrpc, name="xmlrpc"),
]
