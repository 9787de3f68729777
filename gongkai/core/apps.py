from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The empty choice of every select (a model field's blank choice, a foreign key's empty label):
# "请选择", not Django's "---------".
EMPTY_CHOICE_LABEL = _("Please choose")


class CoreConfig(AppConfig):
    """The site shell on top (docs/decisions.md, Layers): base templates, error pages, the
    context processor, healthz. Nothing imports it."""

    name = "gongkai.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models import fields
        from django.forms import models as form_models

        # Both defaults are read when a form field is built: BLANK_CHOICE_DASH is the default
        # argument of Field.get_choices (changed in place), ModelChoiceField's empty_label a
        # keyword-only default.
        fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]
        defaults = form_models.ModelChoiceField.__init__.__kwdefaults__
        if defaults is not None and defaults.get("empty_label") == "---------":
            defaults["empty_label"] = EMPTY_CHOICE_LABEL
