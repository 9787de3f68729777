from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveEvent(models.Model):
    """An event pushed to live viewers. Stored before it is pushed, numbered by ``id``: a viewer
    that reconnects with ``Last-Event-ID`` gets every later event of its channel from here."""

    channel = models.CharField(_("channel"), max_length=64, db_index=True)
    type = models.CharField(_("type"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["channel", "id"], name="live_channel_id")]
        verbose_name = _("live event")
        verbose_name_plural = _("live events")

    def __str__(self) -> str:
        return f"{self.channel}#{self.pk} {self.type}"

    def as_message(self) -> dict:
        return {"id": self.pk, "channel": self.channel, "type": self.type, "payload": self.payload}
