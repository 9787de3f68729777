from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gongkai.assessment"
    label = "assessment"

    def ready(self) -> None:
        from gongkai.assessment import rules_builtin

        rules_builtin.register()
        from gongkai.assessment.reminders import reminder_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(reminder_tasks)
