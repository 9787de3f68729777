from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountiesConfig(AppConfig):
    """The bottom of the registry: which county a request, a row and a query belong to."""

    name = "gongkai.counties"
    label = "counties"
    verbose_name = _("Counties")

    def ready(self) -> None:
        from gongkai.counties import resolve, signals

        signals.connect()
        resolve.connect()
