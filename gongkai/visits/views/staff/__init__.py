"""Staff pages of 走进政府: units see and change only their own activities; the service center
and the county office see and change all; assessors read.

One module per concept; ``visits/urls.py`` reaches the views through this package."""

from gongkai.visits.views.staff.day import (
    record_view,
    registration_checkin,
    response_add,
    signin_sheet,
)
from gongkai.visits.views.staff.planning import activity_detail, home, plan_create, plan_edit
from gongkai.visits.views.staff.pool import coverage_view, rules_save
from gongkai.visits.views.staff.reports import attachment_1, attachment_1_xlsx, compliance_view
from gongkai.visits.views.staff.roster import (
    invite,
    registration_cancel,
    representative_list,
    representative_pool_fields,
)
from gongkai.visits.views.staff.suggestions import (
    opinion_paper,
    opinion_scan,
    suggestion_answer,
    suggestion_assign,
    suggestion_bulk,
    suggestion_list,
    suggestion_publish,
    suggestion_start,
    suggestion_withdraw,
)
from gongkai.visits.views.staff.uploads import media_upload

__all__ = [
    "activity_detail",
    "attachment_1",
    "attachment_1_xlsx",
    "compliance_view",
    "coverage_view",
    "home",
    "invite",
    "media_upload",
    "opinion_paper",
    "opinion_scan",
    "plan_create",
    "plan_edit",
    "record_view",
    "registration_cancel",
    "registration_checkin",
    "representative_list",
    "representative_pool_fields",
    "response_add",
    "rules_save",
    "signin_sheet",
    "suggestion_answer",
    "suggestion_assign",
    "suggestion_bulk",
    "suggestion_list",
    "suggestion_publish",
    "suggestion_start",
    "suggestion_withdraw",
]
