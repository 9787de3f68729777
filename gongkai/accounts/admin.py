from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gongkai.accounts.models import User


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    """View only. Accounts are created and changed at /accounts/staff/, where nobody changes
    their own role or rights and the administrator and auditor roles need both duties
    (docs/security.md, pen-test item 7); the admin's forms would bypass those rules."""

    list_display = ("username", "display_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + (
        ("Gongkai", {"fields": ("role", "unit", "display_name", "must_change_password")}),
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
