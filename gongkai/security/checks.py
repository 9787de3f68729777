"""Deployment checks (``manage.py check --deploy``) for the keys Django's own checks miss."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def keys_from_the_environment(app_configs, **kwargs):
    errors = []
    if settings.SECRET_KEY == getattr(settings, "DEVELOPMENT_SECRET_KEY", None):
        errors.append(
            Error(
                "SECRET_KEY is the development key written in the repository.",
                hint="Set SECRET_KEY in the environment (docs/deployment.md, section 1).",
                id="core.E001",
            )
        )
    if not settings.FIELD_ENCRYPTION_KEY:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEY is not set: personal data would be encrypted with a key "
                "derived from SECRET_KEY, which rotates with it.",
                hint="Set FIELD_ENCRYPTION_KEY to a Fernet key and keep a copy offline "
                "(docs/deployment.md, docs/security.md).",
                id="core.E002",
            )
        )
    return errors


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs, **kwargs):
    """A typo in GONGKAI_TRUSTED_PROXIES would otherwise fail every request that reads the
    client's address (rate limits, the audit log)."""
    import ipaddress

    errors = []
    for entry in getattr(settings, "GONGKAI_TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"GONGKAI_TRUSTED_PROXIES has {entry!r}, which is not an address or network.",
                    hint="List the reverse proxy's addresses, comma-separated, e.g. 127.0.0.1 "
                    "(docs/deployment.md, section 5).",
                    id="core.E003",
                )
            )
    return errors


@register(Tags.security)
def lookup_key_kept_during_rotation(app_configs, **kwargs):
    """During a key rotation the lookup hashes must keep their key (FIELD_LOOKUP_KEY)."""
    if settings.FIELD_ENCRYPTION_OLD_KEYS and not getattr(settings, "FIELD_LOOKUP_KEY", ""):
        return [
            Warning(
                "FIELD_ENCRYPTION_OLD_KEYS is set but FIELD_LOOKUP_KEY is not: lookup codes, "
                "check-in by ID number and the once-a-year rule no longer match.",
                hint="Set FIELD_LOOKUP_KEY to the previous FIELD_ENCRYPTION_KEY (or SECRET_KEY "
                "if none was set) and restart (docs/security.md, Key rotation).",
                id="core.W001",
            )
        ]
    return []
