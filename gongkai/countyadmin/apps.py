from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountyAdminConfig(AppConfig):
    """The city administrator's pages over the counties (/counties/): set a county up from a
    template, brand it, disable it, export it. Above every domain app (it copies a programme,
    opens accounts and reads every table), so it cannot live in ``gongkai.counties``, which
    every app imports."""

    name = "gongkai.countyadmin"
    label = "countyadmin"
    verbose_name = _("County administration")
