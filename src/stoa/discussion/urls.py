from django.urls import path

from stoa.discussion import views

app_name = "discussion"
urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
]
