from django.urls import path

from stoa.moderation import author_views, report_views, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("audit/", views.audit, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("comments/bulk/", views.bulk_act, name="bulk_act"),
    path("comments/<int:comment_id>/<str:action>/", views.act, name="act"),
    path("report/comment/<int:comment_id>/", report_views.report_comment, name="report_comment"),
    path("report/<str:receipt>/", report_views.receipt, name="receipt"),
    path("reported/", report_views.reported, name="reported"),
    path("reported/<int:comment_id>/<str:action>/", report_views.decide, name="decide_reports"),
    path("author-of/<int:comment_id>/", author_views.author_action, name="author_action"),
]
