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

        from gongkai.interviews import services
        from gongkai.security.media import register_public_files

        register_public_files(
            services.is_published_file,
            folders=("interviews/photos/", "interviews/videos/", "interviews/guests/"),
        )
        from gongkai.interviews import rules
        from gongkai.interviews.models import (
            InterviewVideo,
            Outline,
            Photo,
            ReceiptForm,
            ReceiptPerson,
        )
        from gongkai.security.media import register_private_files

        # /media/ serves these files under the rule of the pages that link them.
        register_private_files(ReceiptForm, "scan", rules.can_open_unit_form_file)
        register_private_files(Outline, "file", rules.can_open_unit_form_file)
        register_private_files(Photo, "image", rules.can_open_interview_file)
        register_private_files(InterviewVideo, "file", rules.can_open_interview_file)
        register_private_files(InterviewVideo, "poster", rules.can_open_interview_file)
        register_private_files(
            ReceiptPerson, "photo", rules.can_open_guest_photo, select_related=["receipt"]
        )
        from gongkai.programmes.models import DeadlineKind
        from gongkai.workbench.registry import register_completion

        register_completion(DeadlineKind.RECEIPT_FORM, services.receipt_completions)
        register_completion(DeadlineKind.INTERVIEW_OUTLINE, services.outline_completions)
        from gongkai.interviews.workbench import media_tasks
        from gongkai.workbench.registry import register_tasks

        register_tasks(media_tasks)  # archived interviews without their video
        from django.urls import reverse

        from gongkai.publishing.registry import register_reviewable

        # 先审后发: the video record goes public only once the service center approves it.
        register_reviewable(
            InterviewVideo,
            _("Interview video records"),
            "interview__unit",
            lambda item: (
                reverse("interviews:staff-detail", args=[item.interview_id]) + "#video-title"
            ),
            preview_url=lambda item: item.file.url,
            preview_is_video=True,
        )
        from gongkai.portal.cache import register_content_model

        # Approving, rejecting or replacing the video changes the archive page.
        register_content_model(InterviewVideo)
