"""``{% load portal %}{% portal_site_name %}``: the configured site name, whatever the view's
context says (Django's auth views put the request's host into ``site_name``)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_site_name() -> str:
    return str(settings.GONGKAI_SITE_NAME)
