from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the server (docs/decisions.md, Layers): ``backup``, ``restore``,
    ``purge_personal_data``, ``rotate_keys`` and ``demo``. Near the top: it may read every
    app's models; no app imports it."""

    name = "gongkai.ops"
    label = "ops"
