from django.urls import path

from stoa.moderation import appeal_views, author_views, dashboard_views, report_views, sanction_views, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("audit/", views.audit, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("comments/bulk/", views.bulk_act, name="bulk_act"),
    path("comments/<int:comment_id>/edit-approve/", views.edit_approve, name="edit_approve"),
    path("comments/<int:comment_id>/<str:action>/", views.act, name="act"),
    path("report/comment/<int:comment_id>/", report_views.report_comment, name="report_comment"),
    path("report/post/<int:post_id>/", report_views.report_post, name="report_post"),
    path("report/<str:receipt>/", report_views.receipt, name="receipt"),
    path("reported/", report_views.reported, name="reported"),
    path("reported/<int:comment_id>/<str:action>/", report_views.decide, name="decide_reports"),
    path("reported/posts/", report_views.reported_post_list, name="reported_posts"),
    path("reported/posts/<int:post_id>/<str:action>/", report_views.decide_post, name="decide_post_reports"),
    path("appeals/", appeal_views.my_appeals, name="my_appeals"),
    path("appeals/new/decision/<int:decision_id>/", appeal_views.appeal_decision, name="appeal_decision"),
    path("appeals/new/sanction/<int:sanction_id>/", appeal_views.appeal_sanction, name="appeal_sanction"),
    path("appeals/review/", appeal_views.appeals_review, name="appeals_review"),
    path("appeals/<int:appeal_id>/", appeal_views.appeal_detail, name="appeal"),
    path("appeals/<int:appeal_id>/decide/", appeal_views.decide_appeal, name="decide_appeal"),
    path("members/<int:member_id>/sanctions/", sanction_views.member_sanctions, name="member_sanctions"),
    path("sanctions/<int:sanction_id>/lift/", sanction_views.lift, name="lift_sanction"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("author-of/<int:comment_id>/", author_views.author_action, name="author_action"),
]
