"""Messages of the web-hardening layer (gongkai/core/security.py), kept here so that their
translations live in the accounts catalogue with the rest of the security texts."""

from django.utils.translation import gettext_lazy as _

NUL_REFUSED = _(
    "The request contains a NUL character (\\0), which no form field accepts. "
    "Remove it and try again."
)
