from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from gongkai.portal import content

        content.register_portal_content()
        post_migrate.connect(_fill_empty_index, sender=self, dispatch_uid="portal-fill-index")


def _fill_empty_index(sender, using="default", **kwargs) -> None:
    """After ``migrate``: an empty search index over existing published content is filled, so an
    upgrade needs no extra step (``gongkai reindex`` rebuilds it at any time)."""
    from gongkai.portal import search
    from gongkai.portal.models import SearchEntry

    if using != "default" or SearchEntry.objects.exists():
        return
    search.reindex()
