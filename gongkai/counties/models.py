"""A county (区县): the tenant that owns units, programmes, accounts and everything they hold."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope

HOST_RE = r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"


class County(models.Model):
    name = models.CharField(
        _("name"), max_length=50, unique=True, help_text=_("For example 靖边县.")
    )
    slug = models.SlugField(
        _("short code"),
        max_length=30,
        unique=True,
        help_text=_("Latin letters for addresses and files, for example jingbian."),
    )
    hosts = models.TextField(
        _("host names"),
        blank=True,
        help_text=_(
            "One per line, for example gk.jingbian.gov.cn. A county with no host names answers "
            "every host name that no other county claims (the one-county default)."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("A disabled county's portal says so; nothing of it is deleted."),
    )
    disabled_notice = models.CharField(_("notice while disabled"), max_length=200, blank=True)
    site_name = models.CharField(
        _("portal name"),
        max_length=60,
        blank=True,
        help_text=_(
            "Shown in the header, for example 靖边县政务公开. Empty: the deployment's name."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="public/counties/", blank=True)
    colour = models.CharField(
        _("header colour"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as #RRGGBB."))],
        help_text=_("For example #a61b29. Empty: the standard red."),
    )
    organiser = models.CharField(_("organiser (主办)"), max_length=100, blank=True)
    operator = models.CharField(_("operator (承办)"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name

    def host_list(self) -> list[str]:
        return [h.strip().lower() for h in self.hosts.splitlines() if h.strip()]

    def clean(self) -> None:
        import re

        for host in self.host_list():
            if not re.match(HOST_RE, host):
                raise ValidationError(
                    {
                        "hosts": _(
                            "“%(host)s” is not a host name: write it without http:// or a path."
                        )
                        % {"host": host}
                    }
                )
        others = County.objects.exclude(pk=self.pk)
        taken = {h for c in others for h in c.host_list()}
        clash = sorted(set(self.host_list()) & taken)
        if clash:
            raise ValidationError(
                {
                    "hosts": _("Another county already answers %(hosts)s.")
                    % {"hosts": ", ".join(clash)}
                }
            )

    @property
    def display_name(self) -> str:
        return self.site_name or settings.GONGKAI_SITE_NAME


def default_county_id() -> int:
    """The county a new row belongs to when the code does not say: the county in scope, else
    the deployment's first county (created on a fresh database)."""
    county_id = scope.current_id()
    if county_id is not None:
        return county_id
    first = County.objects.order_by("pk").values_list("pk", flat=True).first()
    if first is not None:
        return first
    try:
        with transaction.atomic():
            return County.objects.create(
                name=getattr(settings, "GONGKAI_COUNTY_NAME", "靖边县"),
                slug=getattr(settings, "GONGKAI_COUNTY_SLUG", "jingbian"),
            ).pk
    except IntegrityError:
        # Another process (or thread) created it first, on the fresh database's first requests.
        return County.objects.order_by("pk").values_list("pk", flat=True)[0]
