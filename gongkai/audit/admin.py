from django.contrib import admin

from gongkai.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log cannot be changed or deleted, not even in the Django admin."""

    list_display = ("at", "username", "action", "model", "object_repr", "ip")
    list_filter = ("action", "model")
    search_fields = ("username", "object_repr")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
