from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CityConfig(AppConfig):
    name = "gongkai.city"
    label = "city"
    verbose_name = _("City supervision")

    def ready(self) -> None:
        from gongkai.city.spotcheck import spot_check_scope
        from gongkai.counties.middleware import register_scope_override

        register_scope_override(spot_check_scope)
