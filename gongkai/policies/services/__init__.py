"""Business actions on policy documents and interpretations, one module per concept
(docs/decisions.md, "Services by concept"). Each action is one transaction.

Code in this project imports from the concept module (``from gongkai.policies.services.documents
import publish_document``); this package re-exports the public names so ``services.publish_document``
keeps working for scripts and tests (``county_today`` is ``gongkai.lib.deadlines.county_today``).
Nothing is defined here. Who may do what is in
``policies/rules.py``; the workbench tasks are in ``policies/workbench.py``."""

from gongkai.lib.deadlines import county_today
from gongkai.policies.services.documents import (
    DOCUMENT_FIELDS,
    NeedsConfirmation,
    add_attachment,
    change_status,
    create_document,
    has_written_interpretation,
    interview_choices,
    publish_document,
    update_document,
)
from gongkai.policies.services.interpretations import (
    approve_interpretation,
    check_interpreter,
    create_interpretation,
    reject_interpretation,
    revise_interpretation,
)
from gongkai.policies.services.reminders import (
    send_reminders,
)
from gongkai.policies.services.timeliness import (
    DocumentProgress,
    Progress,
    Timeliness,
    attention_list,
    documents_with_progress,
    progress,
)
from gongkai.policies.services.timing import rules_for, set_rules
from gongkai.policies.services.unit_statistics import (
    UnitStatistics,
    county_statistics,
    statistics,
)
from gongkai.policies.services.videos import (
    Clash,
    cancel_video_request,
    find_clashes,
    request_video,
    schedule_video,
    upload_recorded_video,
    video_recordings,
)

__all__ = [
    "Clash",
    "DOCUMENT_FIELDS",
    "DocumentProgress",
    "NeedsConfirmation",
    "Progress",
    "Timeliness",
    "UnitStatistics",
    "add_attachment",
    "approve_interpretation",
    "attention_list",
    "cancel_video_request",
    "change_status",
    "check_interpreter",
    "county_statistics",
    "county_today",
    "create_document",
    "create_interpretation",
    "documents_with_progress",
    "find_clashes",
    "has_written_interpretation",
    "interview_choices",
    "progress",
    "publish_document",
    "reject_interpretation",
    "request_video",
    "revise_interpretation",
    "rules_for",
    "schedule_video",
    "send_reminders",
    "set_rules",
    "statistics",
    "update_document",
    "upload_recorded_video",
    "video_recordings",
]
