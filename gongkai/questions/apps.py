from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "gongkai.questions"
    label = "questions"
    verbose_name = _("Netizen messages")

    def ready(self) -> None:
        from gongkai.questions import checks  # noqa: F401  (registers the deploy check)
        from gongkai.questions.tasks import question_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(question_tasks)
