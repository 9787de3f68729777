from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "gongkai.questions"
    label = "questions"
    verbose_name = _("Netizen messages")

    def ready(self) -> None:
        from gongkai.questions import portal
        from gongkai.questions.views import parts

        portal.register()
        parts.register()  # the ask form and the questions on the interview page
        from gongkai.questions.workbench import question_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(question_tasks)
        from gongkai.questions import past_answers

        past_answers.register()  # answers of earlier interviews for the question board

        from django.db.models.signals import post_delete, post_save

        from gongkai.interviews.models import Interview
        from gongkai.questions import process_cache, services
        from gongkai.questions.models import ReplyLimit, SensitiveWord
        from gongkai.workdays.models import DayOverride

        for model in (SensitiveWord, ReplyLimit, DayOverride):
            post_save.connect(
                process_cache.changed,
                sender=model,
                dispatch_uid=f"questions-config-{model.__name__}",
            )
            post_delete.connect(
                process_cache.changed,
                sender=model,
                dispatch_uid=f"questions-config-del-{model.__name__}",
            )
        for signal in (post_save, post_delete):
            signal.connect(
                services.forget_intake_interview,
                sender=Interview,
                dispatch_uid=f"questions-intake-interview-{id(signal)}",
            )
