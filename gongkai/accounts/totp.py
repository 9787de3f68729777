"""TOTP (RFC 6238) on HMAC-SHA1, 6 digits, 30-second steps: what every authenticator app
(Google Authenticator, Microsoft Authenticator, 腾讯身份验证器, FreeOTP) understands."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return base64.b32decode(padded)


def hotp(secret: str, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226: dynamic truncation of HMAC-SHA1(key, counter)."""
    digest = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def totp(secret: str, at: float | None = None) -> str:
    return hotp(secret, time_step(at))


def verify(secret: str, code: str, *, last_used_step: int = 0, at: float | None = None) -> int:
    """The matching time step (one step of clock drift either way), or 0 when ``code`` is wrong
    or was already used (a code counts once)."""
    code = "".join(ch for ch in str(code) if not ch.isspace())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return 0
    now = time_step(at)
    for step in (now - 1, now, now + 1):
        if step > last_used_step and hmac.compare_digest(hotp(secret, step), code):
            return step
    return 0


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    label = quote(f"{issuer}:{account}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"


def qr_data_uri(text: str) -> str:
    """A PNG QR code as a data: URI (allowed by the CSP's ``img-src 'self' data:``)."""
    import io

    import qrcode

    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
