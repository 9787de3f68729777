from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The site shell on top (docs/decisions.md, Layers): base templates, error pages, the
    context processor, healthz. Nothing imports it."""

    name = "gongkai.core"
    label = "core"
