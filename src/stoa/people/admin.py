from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from stoa.people.models import User


@admin.register(User)
class StoaUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio", "dormant_since", "show_dormant_comments_as_anonymous")}),
    )
    list_display = ("username", "display_name", "is_staff", "is_active", "date_joined")
