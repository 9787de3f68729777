"""Visits to the government: plans (Attachment 1), representatives, registrations, the day
itself, opinions, media. One module per concept; this package re-exports the models so that
``gongkai.visits.models.Activity`` (and the migrations' function paths) keep working."""

from gongkai.visits.models.activities import Activity, ActivityQuerySet, ActivityStatus
from gongkai.visits.models.media import Media, MediaKind, ReminderLog
from gongkai.visits.models.opinions import (
    UNANSWERED_STATUSES,
    Channel,
    OpinionForm,
    Response,
    Satisfaction,
    Suggestion,
    SuggestionOutcome,
    SuggestionQuerySet,
    SuggestionStatus,
    SuggestionStep,
)
from gongkai.visits.models.paths import media_path, new_code, new_token, opinion_scan_path
from gongkai.visits.models.people import (
    TOWN_KINDS,
    PoolRules,
    Registration,
    RegistrationStatus,
    Representative,
    RepresentativeCategory,
    RepresentativeQuerySet,
    Source,
)

__all__ = [
    "TOWN_KINDS",
    "UNANSWERED_STATUSES",
    "Activity",
    "ActivityQuerySet",
    "ActivityStatus",
    "Channel",
    "Media",
    "MediaKind",
    "OpinionForm",
    "PoolRules",
    "Registration",
    "RegistrationStatus",
    "ReminderLog",
    "Representative",
    "RepresentativeCategory",
    "RepresentativeQuerySet",
    "Response",
    "Satisfaction",
    "Source",
    "Suggestion",
    "SuggestionOutcome",
    "SuggestionQuerySet",
    "SuggestionStatus",
    "SuggestionStep",
    "media_path",
    "new_code",
    "new_token",
    "opinion_scan_path",
]
