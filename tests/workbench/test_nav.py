"""The staff navigation is built from the pages' own rules: every link a persona sees on the
workbench opens for that persona, and every menu page it does not see is refused to it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.workbench.nav import HEADER_NAV, STAFF_NAV
from tests.conftest import ALL_PERSONAS

SIGNED_IN = [p for p in ALL_PERSONAS if p is not None]


def _nav_hrefs(body: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', body, re.S)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


def _header_hrefs(body: str) -> list[str]:
    header = re.search(r'<div class="header-tools">(.*?)</header>', body, re.S)
    assert header is not None
    return re.findall(r'<a class="tool-button" href="([^"]+)"', header.group(1))


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_nav_link_opens_for_the_persona(persona, client_as):
    client = client_as(persona)
    page = client.get(reverse("workbench:home"))
    assert page.status_code == 200
    body = page.content.decode()
    links = _nav_hrefs(body) + _header_hrefs(body)
    assert reverse("workbench:home") in links
    refused = {}
    for href in links:
        response = client.get(href, follow=True)
        if response.status_code != 200:
            refused[href] = response.status_code
    assert refused == {}


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_menu_page_not_shown_is_refused(persona, client_as):
    """The menu hides only what the persona cannot open (nothing useful is left out)."""
    client = client_as(persona)
    shown = set(_nav_hrefs(client.get(reverse("workbench:home")).content.decode()))
    hidden = {reverse(e.url_name) for e in (*STAFF_NAV, *HEADER_NAV)} - shown
    opened = {href for href in hidden if client.get(href).status_code != 403}
    assert opened == set()


def test_menu_per_role(client_as):
    def shown(persona: str) -> set[str]:
        return set(_nav_hrefs(client_as(persona).get(reverse("workbench:home")).content.decode()))

    assert reverse("publishing:staff-home") not in shown("unit_staff")
    assert reverse("visits:staff-home") not in shown("media_center")
    assert reverse("interviews:staff-home") in shown("media_center")
    assert reverse("accounts:staff-home") in shown("admin")
    assert reverse("accounts:staff-home") not in shown("service_center")
    assert reverse("accounts:change-list") in shown("assessor")
    assert reverse("audit:list") in shown("assessor")
    assert reverse("audit:list") not in shown("unit_staff")


def test_anonymous_sees_no_staff_links(client, programme):
    body = client.get(reverse("portal:home")).content.decode()
    assert reverse("workbench:home") not in _header_hrefs(body)
    assert reverse("accounts:login") in body


def test_current_section_is_marked(client_as):
    body = client_as("service_center").get(reverse("units:list")).content.decode()
    assert f'<a href="{reverse("units:list")}" aria-current="true">' in body
    body = client_as("service_center").get(reverse("workbench:home")).content.decode()
    assert f'<a href="{reverse("workbench:home")}" aria-current="page">' in body


def test_every_menu_entry_names_a_page_with_a_declared_rule():
    """A menu page without a declared rule would be shown to every signed-in user."""
    from django.urls import resolve

    from gongkai.accounts.rules import view_access

    undeclared = [
        e.url_name
        for e in (*STAFF_NAV, *HEADER_NAV)
        if view_access(resolve(reverse(e.url_name)).func) is None
    ]
    assert undeclared == []


def test_user_line_names_the_unit_once(client_as):
    """'县政务信息化服务中心 · 县政务信息化服务中心' (role and unit with the same name) reads once."""
    html = client_as("service_center").get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = html.content.decode()
    assert "县政务信息化服务中心 · 县政务信息化服务中心" not in text
    assert "县政务信息化服务中心" in text
    unit = client_as("unit_staff").get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "单位工作人员 · 县农业农村局" in unit or "· 县农业农村局" in unit
