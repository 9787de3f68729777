from django.conf import settings
from django.utils.translation import gettext_noop

from gongkai.accounts import rules

# The settings module's translatable strings have no locale of their own: they are listed
# here so that core's catalog carries their translations.
SETTINGS_STRINGS = (
    gettext_noop("Jingbian County Government Openness"),
    gettext_noop("Simplified Chinese"),
    gettext_noop("English"),
)


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "care_mode": getattr(request, "care_mode", False),
        "is_coordinator": rules.is_coordinator(user),
    }
