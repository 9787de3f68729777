from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "gongkai.policies"
    label = "policies"
    verbose_name = _("Policy interpretation")

    def ready(self) -> None:
        from gongkai.policies import portal

        portal.register()
        from gongkai.policies import past_answers

        past_answers.register()  # interpretations as past answers for the question board
        from gongkai.policies.workbench import workbench_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(workbench_tasks)
        from gongkai.interviews.services import register_recordings
        from gongkai.policies.services.videos import video_recordings

        # Booking an interview checks venue and crew against video recordings as well.
        register_recordings(video_recordings)
        from gongkai.policies import rules
        from gongkai.policies.models import Interpretation, PolicyAttachment
        from gongkai.security.media import register_private_files

        # /media/ serves these files under the rule of the pages that link them.
        register_private_files(
            PolicyAttachment, "file", rules.can_open_attachment, select_related=["document"]
        )
        for field in ("image", "video", "audio"):
            register_private_files(
                Interpretation,
                field,
                rules.can_open_interpretation_file,
                select_related=["document"],
            )
        self._register_with_review_queue()
        from gongkai.units.signals import register_history_check

        # A published document names its drafting unit: renaming it keeps the old record.
        register_history_check(_drafted_a_public_document)
        from gongkai.policies.services.notices import on_notice_published
        from gongkai.programmes.signals import notice_published

        # Publishing a year's notice registers it as a policy document: its interpretation
        # task exists from that day.
        notice_published.connect(on_notice_published, dispatch_uid="register-notice")

    def _register_with_review_queue(self) -> None:
        """Interpretations also appear in the shared review queue of ``publishing``."""
        from django.urls import reverse

        from gongkai.policies.models import Interpretation
        from gongkai.publishing.registry import register_reviewable

        files = {"graphic": "image", "video": "video", "animation": "video", "audio": "audio"}
        register_reviewable(
            Interpretation,
            _("Policy interpretations"),
            "document__drafting_unit",
            lambda item: reverse("policies:document-staff", args=[item.document_id]),
            preview_url=lambda item: (
                reverse("policies:interpretation-file", args=[item.pk, files[item.kind]])
                if item.kind in files
                else ""
            ),
        )


def _drafted_a_public_document(unit) -> bool:
    from gongkai.policies.models import PolicyDocument

    return PolicyDocument.objects.public().filter(drafting_unit=unit).exists()
