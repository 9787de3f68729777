from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "gongkai.consultations"
    label = "consultations"
    verbose_name = _("Consultations and surveys")

    def ready(self) -> None:
        from gongkai.consultations import hooks, portal
        from gongkai.consultations.workbench import consultation_tasks
        from gongkai.workbench.registry import register_tasks

        portal.register()
        hooks.register()
        register_tasks(consultation_tasks)
        from gongkai.consultations import rules
        from gongkai.consultations.models import Attachment
        from gongkai.security.media import register_private_files

        # /media/ serves attachments under the rule of the pages that link them.
        register_private_files(
            Attachment, "file", rules.can_open_attachment, select_related=["consultation"]
        )
