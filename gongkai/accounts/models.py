from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_OFFICE = "county_office", _("County government office")
    SERVICE_CENTER = "service_center", _("Government information service center")
    MEDIA_CENTER = "media_center", _("Media center")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    ASSESSOR = "assessor", _("Assessor")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A staff account. Citizens and netizens use the portal without an account."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.UNIT_STAFF)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Unit staff belong to exactly one unit and see only that unit's work."),
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set for demo and newly created accounts: the password is changed at first login."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return str(self.get_role_display())
