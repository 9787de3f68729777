from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "gongkai.visits"
    label = "visits"
    verbose_name = _("Visit the government")

    def ready(self) -> None:
        from gongkai.visits import portal

        portal.register()

        from gongkai.security.media import register_public_files
        from gongkai.visits.services.media import is_published_file

        register_public_files(is_published_file, folders=("visits/media/",))
        from gongkai.security.media import register_private_files
        from gongkai.visits import rules
        from gongkai.visits.models import Media, OpinionForm

        # /media/ serves these files under the rule of the pages that link them.
        register_private_files(OpinionForm, "scan", rules.can_open_activity_file)
        register_private_files(Media, "file", rules.can_open_activity_file)
        from django.urls import reverse

        from gongkai.programmes.models import DeadlineKind
        from gongkai.publishing.registry import register_reviewable
        from gongkai.visits import workbench
        from gongkai.visits.models import Media, MediaKind
        from gongkai.visits.services import plans
        from gongkai.workbench.registry import register_completion, register_tasks

        register_completion(DeadlineKind.VISIT_PLAN, plans.plan_completion)
        register_tasks(workbench.workbench_tasks)
        register_reviewable(
            Media,
            _("Visit activity photos and videos"),
            "activity__unit",
            lambda item: (
                reverse("visits:staff-activity", args=[item.activity_id]) + "?step=after#media"
            ),
            preview_url=lambda item: item.file.url if item.kind == MediaKind.PHOTO else "",
        )
