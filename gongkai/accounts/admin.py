from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gongkai.accounts.models import User


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + (
        ("Gongkai", {"fields": ("role", "unit", "display_name", "must_change_password")}),
    )
