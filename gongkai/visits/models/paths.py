"""Where uploads go and how tokens and codes look (migrations name these functions by their
``gongkai.visits.models.`` path, which the package re-exports)."""

from __future__ import annotations

import secrets

from django.utils import timezone

from gongkai.counties.uploads import upload_folder


def _random_name(folder: str):
    """Uploaded files get unguessable names: the original name may hold a person's name, and a
    file waiting for review must not be found by guessing its address."""

    def upload_to(instance, filename: str) -> str:
        suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
        county = upload_folder()
        return f"{folder}/{timezone.now():%Y/%m}/{county}{secrets.token_urlsafe(16)}.{suffix}"

    upload_to.__name__ = f"upload_to_{folder.replace('/', '_')}"
    return upload_to


def opinion_scan_path(instance, filename: str) -> str:
    return _random_name("visits/opinions")(instance, filename)


def media_path(instance, filename: str) -> str:
    return _random_name("visits/media")(instance, filename)


def new_token() -> str:
    return secrets.token_urlsafe(12)


def new_code() -> str:
    """A short code a person can read out or type: 8 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))
