"""Thin views: validate with a form, call one service, render or redirect.

One module per concept; ``policies/urls.py`` reaches the views through this package."""

from gongkai.policies.views.documents import (
    attachment_add,
    document_create,
    document_edit,
    document_publish,
    document_staff,
    document_status,
    staff_home,
)
from gongkai.policies.views.interpretations import (
    interpretation_create,
    interpretation_review,
    interpretation_revise,
    review_list,
)
from gongkai.policies.views.oversight import rules_edit, statistics
from gongkai.policies.views.plans import plan_edit, plan_waive
from gongkai.policies.views.public import (
    attachment_file,
    document_detail,
    index,
    interpretation_detail,
    interpretation_file,
)
from gongkai.policies.views.videos import (
    video_request_cancel,
    video_request_create,
    video_request_list,
    video_request_schedule,
    video_request_upload,
)

__all__ = [
    "attachment_add",
    "attachment_file",
    "document_create",
    "document_detail",
    "document_edit",
    "document_publish",
    "document_staff",
    "document_status",
    "index",
    "interpretation_create",
    "interpretation_detail",
    "interpretation_file",
    "interpretation_review",
    "interpretation_revise",
    "plan_edit",
    "plan_waive",
    "review_list",
    "rules_edit",
    "staff_home",
    "statistics",
    "video_request_cancel",
    "video_request_create",
    "video_request_list",
    "video_request_schedule",
    "video_request_upload",
]
