from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadName(models.Model):
    """The name a file had on the uploader's computer, for the stored file's random name.

    Stored files are named ``<uuid>.<detected extension>`` (the original may hold a person's
    name and must not be guessable); downloads are offered under the original name again
    (``Content-Disposition``). Files stored before this table existed have no row and are
    offered under their stored name."""

    name = models.CharField(_("stored name"), max_length=255, unique=True)
    original_name = models.CharField(_("original file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    # A file name may hold a person's name ("张三的意见表.jpg"): never copied into the audit
    # log, blanked with the other personal data after the retention period.
    AUDIT_REDACT = ("original_name",)
    PERSONAL_DATA_FIELDS = ["original_name"]
    PERSONAL_DATA_DATE_FIELD = "uploaded_at"

    class Meta:
        # Moved from ``core`` (docs/decisions.md, Layers): the table keeps its name and rows.
        db_table = "core_uploadname"
        verbose_name = _("uploaded file name")
        verbose_name_plural = _("uploaded file names")

    def __str__(self) -> str:
        return self.name  # never the original: str() is what the audit log shows
