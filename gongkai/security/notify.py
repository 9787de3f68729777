"""Sending SMS and e-mail through a pluggable backend.

``GONGKAI_SMS_BACKEND`` names a class with ``send(phone: str, text: str) -> None``; the default
writes to the log (and keeps the last messages in ``outbox`` for tests and the demo). A real SMS
gateway is a small class implementing ``send``. E-mail goes through Django's e-mail backends
(console by default).

SMS to citizens are limited per phone number and day (``GONGKAI_SMS_PER_PHONE_PER_DAY``), so
the public forms cannot be used to flood someone's phone; messages past the limit are dropped
and logged. Officials' work numbers (the activity contact) are sent with ``limited=False``.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from gongkai.lib import ratelimit
from gongkai.lib.masking import mask_phone
from gongkai.security.fields import blind_index

log = logging.getLogger("gongkai.notify")


@dataclass(frozen=True)
class SentSMS:
    phone: str
    text: str


outbox: deque[SentSMS] = deque(maxlen=500)


class LogSMSBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(SentSMS(phone, text))
        log.info("SMS to %s: %s", mask_phone(phone), text)


def sms_backend():
    path = getattr(settings, "GONGKAI_SMS_BACKEND", "gongkai.security.notify.LogSMSBackend")
    return import_string(path)()


SMS_WINDOW_SECONDS = 24 * 3600


def sms_per_phone_per_day() -> int:
    return int(getattr(settings, "GONGKAI_SMS_PER_PHONE_PER_DAY", 3))


def send_sms(phone: str, text: str, *, limited: bool = True) -> bool:
    """Send one SMS; False when nothing was sent (no phone, or the phone's daily limit)."""
    if not phone:
        return False
    if limited:
        # The counter is keyed by a keyed hash, so the cache holds no phone numbers.
        key = blind_index("sms:" + phone)
        if not ratelimit.hit("sms-phone", key, sms_per_phone_per_day(), SMS_WINDOW_SECONDS):
            log.warning("SMS to %s not sent: daily limit per phone reached", mask_phone(phone))
            return False
    sms_backend().send(phone, text)
    return True


def send_email(address: str, subject: str, text: str) -> None:
    if address:
        send_mail(
            subject,
            text,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [address],
            fail_silently=False,
        )
