"""Business actions for 走进政府, one module per concept (docs/decisions.md, "Services by
concept"). Each public function is one transaction; notifications go out when it commits.

Code in this project imports from the concept module (``from gongkai.visits.services.registrations
import invite``); this package re-exports the public names so ``services.invite`` keeps working
for scripts and tests. Nothing is defined here."""

from gongkai.visits.services.attendance import (
    CHECKIN_OPENS_BEFORE,
    add_response,
    check_in,
    check_in_by_id,
    checkin_closed_message,
    record_activity,
)
from gongkai.visits.services.identity import (
    ADULT_AGE,
    age_on,
    birth_date_from_id,
    id_check_digit,
    normalise_id_number,
    normalise_phone,
)
from gongkai.visits.services.media import (
    PHOTO_MAX,
    VIDEO_MAX,
    exif_taken_at,
    is_published_file,
    upload_media,
)
from gongkai.visits.services.opinions import (
    SUGGESTION_ANSWER_WORKING_DAYS,
    answer_suggestion,
    assign_suggestion,
    lookup_opinion,
    opinion_closed_message,
    opinion_summary,
    set_suggestion_status,
    submit_opinion,
)
from gongkai.visits.services.plans import (
    check_plan_date,
    plan_completion,
    submit_plan,
    units_without_plan,
    update_plan,
    visit_window,
)
from gongkai.visits.services.registrations import (
    INVITE_CHOICES,
    cancel_registration,
    invite,
    invite_by_hand,
    invite_candidates,
    promote_waiting,
    registrations_per_address,
    registrations_per_phone,
    same_name,
    save_representative,
    self_register,
)
from gongkai.visits.services.reminders import Reminder, due_reminders, send_reminders
from gongkai.visits.services.unit_compliance import UnitCompliance, compliance, suggestion_owner

__all__ = [
    "ADULT_AGE",
    "CHECKIN_OPENS_BEFORE",
    "INVITE_CHOICES",
    "PHOTO_MAX",
    "SUGGESTION_ANSWER_WORKING_DAYS",
    "VIDEO_MAX",
    "Reminder",
    "UnitCompliance",
    "add_response",
    "age_on",
    "answer_suggestion",
    "assign_suggestion",
    "birth_date_from_id",
    "cancel_registration",
    "check_in",
    "check_in_by_id",
    "check_plan_date",
    "checkin_closed_message",
    "compliance",
    "due_reminders",
    "exif_taken_at",
    "id_check_digit",
    "invite",
    "invite_by_hand",
    "invite_candidates",
    "is_published_file",
    "lookup_opinion",
    "normalise_id_number",
    "normalise_phone",
    "opinion_closed_message",
    "opinion_summary",
    "plan_completion",
    "promote_waiting",
    "record_activity",
    "registrations_per_address",
    "registrations_per_phone",
    "same_name",
    "save_representative",
    "self_register",
    "send_reminders",
    "set_suggestion_status",
    "submit_opinion",
    "submit_plan",
    "suggestion_owner",
    "units_without_plan",
    "update_plan",
    "upload_media",
    "visit_window",
]
