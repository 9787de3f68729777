from django import template
from django.utils.translation import ngettext

from gongkai.lib.deadlines import LATENESS_RULE, days_late

register = template.Library()


@register.filter
def lateness_text(delta) -> str:
    """'2 days late' for a lateness (``lib.deadlines.lateness``), by the one rounding rule
    (``days_late``); '' for None."""
    if delta is None or delta == "":
        return ""
    days = days_late(delta)
    return ngettext("%(days)d day late", "%(days)d days late", days) % {"days": days}


@register.simple_tag
def lateness_rule() -> str:
    """The rounding rule, stated under every list or score that shows lateness."""
    return str(LATENESS_RULE)
