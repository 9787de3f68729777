"""Sending SMS and e-mail through a pluggable backend.

``GONGKAI_SMS_BACKEND`` names a class with ``send(phone: str, text: str) -> None``; the default
writes to the log (and keeps the last messages in ``outbox`` for tests and the demo). A real SMS
gateway is a small class implementing ``send``. E-mail goes through Django's e-mail backends
(console by default).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

log = logging.getLogger("gongkai.notify")


@dataclass(frozen=True)
class SentSMS:
    phone: str
    text: str


outbox: deque[SentSMS] = deque(maxlen=500)


class LogSMSBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(SentSMS(phone, text))
        log.info(
            "SMS to %s: %s", phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "***", text
        )


def sms_backend():
    path = getattr(settings, "GONGKAI_SMS_BACKEND", "gongkai.core.notify.LogSMSBackend")
    return import_string(path)()


def send_sms(phone: str, text: str) -> None:
    if phone:
        sms_backend().send(phone, text)


def send_email(address: str, subject: str, text: str) -> None:
    if address:
        send_mail(
            subject,
            text,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [address],
            fail_silently=False,
        )
