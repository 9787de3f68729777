"""Strings of the shared page chrome (``gongkai/core/templates/base.html`` and
``staff_base.html``) that the portal restyled. They are marked here so that the portal's
catalogue translates them even before the core catalogue does; identical msgids in both
catalogues do not conflict."""

from django.utils.translation import gettext_noop

CHROME_STRINGS = [
    gettext_noop("Skip to main content"),
    gettext_noop("Main"),
    gettext_noop("Home"),
    gettext_noop("Online interviews"),
    gettext_noop("Visit the government"),
    gettext_noop("Policy interpretation"),
    gettext_noop("Interaction data"),
    gettext_noop("Notices"),
    gettext_noop("Jingbian County Government Openness"),
]
