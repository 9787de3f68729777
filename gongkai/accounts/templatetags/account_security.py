from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def idle_timer(context):
    """The inactivity warning for signed-in staff: a static script (no inline code) that shows a
    countdown a few minutes before the automatic sign-out."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return format_html(
        '<script defer src="{}" data-timeout="{}" data-warn="{}" data-keepalive="{}" '
        'data-login="{}" data-text="{}" data-expired="{}" data-button="{}"></script>',
        static("accounts/idle.js"),
        settings.GONGKAI_IDLE_TIMEOUT_MINUTES * 60,
        settings.GONGKAI_IDLE_WARNING_MINUTES * 60,
        reverse("accounts:keepalive"),
        reverse("accounts:login"),
        _("Without activity you will be signed out in %s."),
        _("You were signed out because of inactivity."),
        _("Stay signed in"),
    )


@register.simple_tag
def account_helpers(user):
    """Who can help a refused user, by duty (``rules.account_helpers``): the 403 page."""
    from gongkai.accounts.rules import account_helpers as helpers

    return helpers(user)
