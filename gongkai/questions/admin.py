from django.contrib import admin

from gongkai.questions.models import Answer, Question, ReplyLimit, SensitiveWord

admin.site.register(ReplyLimit)
admin.site.register(SensitiveWord)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["nickname", "interview", "status", "flagged", "asked_at"]
    exclude = ["phone_encrypted", "lookup_hash"]


admin.site.register(Answer)
