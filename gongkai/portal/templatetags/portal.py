"""``{% load portal %}{% portal_site_name %}``: the county's portal name (else the configured
site name), whatever the view's context says (Django's auth views put the request's host into
``site_name``)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_site_name(context) -> str:
    county = getattr(context.get("request"), "county", None)
    if county is not None and county.site_name:
        return county.site_name
    return str(settings.GONGKAI_SITE_NAME)


# 当前位置: the column each public page belongs to, by URL namespace or view name. The home
# page has none; staff pages (staff_base.html) and pages not listed here show none.
COLUMNS = {
    "interviews": ("interviews:index", _("Online interviews")),
    "questions": ("interviews:index", _("Online interviews")),
    "visits": ("visits:index", _("Visit the government")),
    "policies": ("policies:index", _("Policy interpretation")),
    "consultations": ("consultations:index", _("Consultations and surveys")),
    "portal:stats": ("portal:stats", _("Interaction data")),
    "portal:notices": ("portal:notices", _("Notices")),
    "portal:notice": ("portal:notices", _("Notices")),
    "portal:attachment": ("portal:notices", _("Notices")),
    "portal:search": ("portal:search", _("Search")),
    "portal:accessibility": ("portal:accessibility", _("Accessibility")),
    "portal:feeds": ("portal:feeds", _("Subscribe (RSS)")),
}


@register.inclusion_tag("portal/chrome/_crumbs.html", takes_context=True)
def portal_breadcrumbs(context) -> dict:
    """Home › column (a link, unless it is the page itself) › 正文 on a page inside a column."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    column = None
    if match is not None:
        column = COLUMNS.get(match.view_name) or COLUMNS.get(match.namespace)
    if column is None:
        return {"crumbs": []}
    url_name, label = column
    url = reverse(url_name)
    crumbs = [(reverse("portal:home"), _("Home"))]
    if match.view_name == url_name:
        crumbs.append((None, label))
    else:
        crumbs += [
            (url, label),
            (None, pgettext_lazy("breadcrumb: the page inside a column", "Page")),
        ]
    return {"crumbs": crumbs}
