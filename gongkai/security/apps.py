from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """The bottom of the project (docs/decisions.md, Layers): encrypted fields, security
    headers, request limits, uploads served with a permission check, SMS and e-mail."""

    name = "gongkai.security"
    label = "security"

    def ready(self) -> None:
        from gongkai.security import checks  # noqa: F401  (registers the deploy checks)
