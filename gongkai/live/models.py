from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveEvent(models.Model):
    """An event pushed to live viewers. Stored before it is pushed, numbered by ``id``: a viewer
    that reconnects with ``Last-Event-ID`` gets every later event of its channel from here.

    Ids follow the order of commits within a channel (``gongkai.live.services.publish`` takes a
    per-channel lock on PostgreSQL), so "every id after the last one I saw" misses nothing.
    Content taken back (a deleted feed line, a rejected question, a corrected text) is rewritten
    in place (``retract`` / ``rewrite``), so a replay never returns it. The payload is blanked
    after the retention period like other personal data (``gongkai purge_personal_data``)."""

    PERSONAL_DATA_FIELDS = ["payload"]
    PERSONAL_DATA_DATE_FIELD = "created_at"

    channel = models.CharField(_("channel"), max_length=64, db_index=True)
    type = models.CharField(_("type"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Published while the channel was not public (a draft interview's rehearsal): "
            "only staff who may see the channel receive it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["channel", "id"], name="live_channel_id")]
        verbose_name = _("live event")
        verbose_name_plural = _("live events")

    def __str__(self) -> str:
        return f"{self.channel}#{self.pk} {self.type}"

    def as_message(self) -> dict:
        message = {
            "id": self.pk,
            "channel": self.channel,
            "type": self.type,
            "payload": self.payload or {},
        }
        if self.restricted:
            message["restricted"] = True
        return message
