from django.urls import path

from stoa.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("audit/", views.audit, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("comments/<int:comment_id>/<str:action>/", views.act, name="act"),
]
