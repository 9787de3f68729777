from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gongkai.assessment"
    label = "assessment"

    def ready(self) -> None:
        from gongkai.assessment import rules_builtin

        rules_builtin.register()
