"""``{% staff_nav "staff" as links %}``: the menu's links the signed-in user may open
(``gongkai.workbench.nav``)."""

from django import template

from gongkai.workbench.nav import links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context, menu: str = "staff"):
    request = context.get("request")
    if request is None:
        return []
    match = getattr(request, "resolver_match", None)
    return links_for(
        getattr(request, "user", None),
        menu,
        match.namespace if match else "",
        _chosen_year(request, match),
    )


def _chosen_year(request, match) -> int | None:
    """The year of the page when the user chose it (``?year=`` or a year in the path), so that
    the menu stays in that year; None on a page showing the default year."""
    shown = getattr(request, "gongkai_programme", None)
    if shown is None:
        return None
    if "year" in request.GET or (match is not None and "year" in match.kwargs):
        return shown.year
    return None
