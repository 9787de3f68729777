from django import template
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import Lateness

register = template.Library()


@register.filter
def lateness_text(delta) -> str:
    """'late by 2 days 3 hours' for a timedelta; '' for None."""
    if not delta:
        return ""
    late = Lateness.of(delta)
    if late.days and late.hours:
        return _("late by %(days)d days %(hours)d hours") % {"days": late.days, "hours": late.hours}
    if late.days:
        return _("late by %(days)d days") % {"days": late.days}
    return _("late by %(hours)d hours") % {"hours": max(late.hours, 1)}
