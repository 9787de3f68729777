"""Messages of the web-hardening layer (``gongkai.security.headers``). Their translations are
in the accounts catalogue with the rest of the security texts (one catalogue per language is
merged at run time, so the msgid is translated wherever the module lives)."""

from django.utils.translation import gettext_lazy as _

NUL_REFUSED = _(
    "The request contains a NUL character (\\0), which no form field accepts. "
    "Remove it and try again."
)
