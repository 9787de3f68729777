from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "gongkai.interviews"
    label = "interviews"
    verbose_name = _("Online interviews")

    def ready(self) -> None:
        from gongkai.interviews import portal

        portal.register()

        from gongkai.interviews import channels

        channels.register()  # who may watch /live/interview-<pk>/

        from gongkai.core.security import register_public_files
        from gongkai.interviews import services

        register_public_files(services.is_published_file)
        from gongkai.programmes.models import DeadlineKind
        from gongkai.workbench.registry import register_completion

        register_completion(DeadlineKind.RECEIPT_FORM, services.receipt_completions)
        register_completion(DeadlineKind.INTERVIEW_OUTLINE, services.outline_completions)
