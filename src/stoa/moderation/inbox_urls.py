from django.urls import path

from stoa.moderation import inbox_views

app_name = "inbox"
urlpatterns = [
    path("", inbox_views.inbox_list, name="list"),
    path("<int:notification_id>/", inbox_views.open_notification, name="open"),
    path("read/", inbox_views.read_all, name="read_all"),
    path("email/", inbox_views.email_preference, name="email"),
]
