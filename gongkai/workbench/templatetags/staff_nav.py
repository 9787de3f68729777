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
    return links_for(getattr(request, "user", None), menu, match.namespace if match else "")
