from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "gongkai.policies"
    label = "policies"
    verbose_name = _("Policy interpretation")

    def ready(self) -> None:
        from gongkai.policies.services import workbench_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(workbench_tasks)
