from django.urls import path

from stoa.safety import later_views, removal_views, shield_views

app_name = "safety"

urlpatterns = [
    path("shield/", shield_views.my_shield, name="my_shield"),
    path("shield/open/", shield_views.open_my_shield, name="open_my_shield"),
    path("shield/helpers/", shield_views.change_helpers, name="change_helpers"),
    path("shields/", shield_views.shields_queue, name="shields_queue"),
    path("shields/open/", shield_views.open_for_member, name="open_for_member"),
    path("shields/<int:shield_id>/", shield_views.shield_detail, name="shield"),
    path("shields/<int:shield_id>/change/", shield_views.change_shield, name="change_shield"),
    path("shields/show/<int:comment_id>/", shield_views.show_comment_again, name="show_again"),
    path("later/", later_views.later, name="later"),
    path("later/<str:username>/", later_views.later, name="later_for"),
    path("later/<str:username>/<int:comment_id>/<str:action>/", later_views.later_act, name="later_act"),
    path("removal/new/", removal_views.new_request, name="removal_new"),
    path("removal/confirm/<str:token>/", removal_views.confirm_email, name="removal_confirm"),
    path("removal/mine/", removal_views.about_my_content, name="removal_mine"),
    path("removal/queue/", removal_views.moderator_queue, name="removal_queue"),
    path("removal/<str:receipt>/", removal_views.request_status, name="removal_status"),
    path("removal/<str:receipt>/answer/", removal_views.author_answer, name="removal_answer"),
    path("removal/<str:receipt>/decide/", removal_views.moderator_decide, name="removal_decide"),
]
