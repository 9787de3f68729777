from django.contrib import admin

from gongkai.policies.models import (
    Interpretation,
    InterpretationRules,
    PolicyAttachment,
    PolicyDocument,
    VideoRequest,
)


class AttachmentInline(admin.TabularInline):
    model = PolicyAttachment
    extra = 0


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "drafting_unit", "status", "published_on")
    list_filter = ("status", "drafting_unit")
    search_fields = ("number", "title")
    inlines = [AttachmentInline]


@admin.register(Interpretation)
class InterpretationAdmin(admin.ModelAdmin):
    list_display = ("title", "document", "kind", "review_status", "published_at")
    list_filter = ("kind", "review_status")


admin.site.register(InterpretationRules)
admin.site.register(VideoRequest)
