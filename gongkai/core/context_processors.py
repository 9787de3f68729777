from django.conf import settings

from gongkai.accounts import rules


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "care_mode": getattr(request, "care_mode", False),
        "can_read_audit": rules.can_read_audit(user),
        "is_coordinator": rules.is_coordinator(user),
    }
