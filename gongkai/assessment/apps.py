from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gongkai.assessment"
    label = "assessment"

    def ready(self) -> None:
        from gongkai.assessment import rules_builtin, rules_consultations

        rules_builtin.register()
        rules_consultations.register()
        from gongkai.assessment.reminders import reminder_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(reminder_tasks)
        from gongkai.assessment import indicator_tree
        from gongkai.programmes.review import register_check
        from gongkai.programmes.signals import programme_copied

        # A new year copied from the last one starts with its indicator tree; the year-setup
        # review warns when the points do not add up to 100.
        programme_copied.connect(indicator_tree.copy_on_new_year, dispatch_uid="copy-indicators")
        register_check(indicator_tree.review_weights)
