from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "gongkai.inspection"
    label = "inspection"
    verbose_name = _("Inspection self-check")

    def ready(self) -> None:
        from gongkai.inspection.reminders import warning_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(warning_tasks)
