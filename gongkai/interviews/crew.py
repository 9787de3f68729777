"""The media center's staffing of a recording, shared by interviews and video interpretations
(``policies.VideoRequest``) so that one clash check (``interviews.services.register_recordings``)
covers both. An abstract model: each recording keeps the columns in its own table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.lib import locks

# One lock for the media center's whole recording calendar: a clash can involve any recording
# (same venue, same crew member, same guest unit), interviews and video interpretations alike.
RECORDING_CALENDAR = "media-center-recording-calendar"


def lock_recording_calendar() -> None:
    """Hold the recording calendar until the transaction ends: call it before a clash check
    whose result decides a write, so two bookings sent together are checked one after the
    other (the second sees the first). A few bookings a day: one lock costs nothing."""
    locks.hold(RECORDING_CALENDAR)


CREW_ROLES = ("host", "camera", "editor")


def _crew_account(verbose_name) -> models.ForeignKey:
    """A crew member's account (optional): no reverse accessor, kept empty when the account
    is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class MediaCrew(models.Model):
    """The media center's staffing of a recording: venue, host, camera, editor (SPEC §4).

    Shared by interviews and video interpretations so one clash check covers both."""

    venue = models.CharField(_("venue"), max_length=100, blank=True)
    host = _crew_account(_("host"))
    camera = _crew_account(_("camera"))
    editor = _crew_account(_("editor"))
    # Crew by name: a freelance camera operator the county hires has no account. The name is
    # what pages show; the account (optional) is what the crew calendar and to-dos follow.
    host_name = models.CharField(_("host's name"), max_length=50, blank=True)
    camera_name = models.CharField(_("camera operator's name"), max_length=50, blank=True)
    editor_name = models.CharField(_("editor's name"), max_length=50, blank=True)

    class Meta:
        abstract = True

    def crew_ids(self) -> set[int]:
        return {pk for pk in (self.host_id, self.camera_id, self.editor_id) if pk}

    def crew_label(self, role: str) -> str:
        """Who does ``role`` (host, camera, editor): the typed name, else the account."""
        name = getattr(self, f"{role}_name", "")
        if name:
            return name
        user = getattr(self, role)
        return str(user) if user is not None else ""

    @property
    def host_label(self) -> str:
        return self.crew_label("host")

    @property
    def camera_label(self) -> str:
        return self.crew_label("camera")

    @property
    def editor_label(self) -> str:
        return self.crew_label("editor")

    def crew_names(self) -> set[str]:
        """The typed names (no account needed), compared by the clash check."""
        return {
            n.strip() for n in (self.host_name, self.camera_name, self.editor_name) if n.strip()
        }
