from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from stoa.people import control_views, views

app_name = "people"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(template_name="people/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="people/password_reset.html",
            email_template_name="people/password_reset_email.txt",
            success_url=reverse_lazy("people:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="people/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="people/password_reset_confirm.html",
            success_url=reverse_lazy("people:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="people/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("me/", views.edit_profile, name="edit_profile"),
    path("me/people/", control_views.people_settings, name="settings"),
    path("me/dormant/", control_views.dormant, name="dormant"),
    path("me/export/", control_views.export, name="export"),
    path("me/delete/", control_views.delete_account, name="delete_account"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/<slug:action>/", control_views.change_relation, name="relation"),
]
