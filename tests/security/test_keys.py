"""Key rotation for encrypted personal data (gongkai rotate_keys)."""

import io

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from gongkai.accounts.models import TOTPDevice


def _stored(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotate_keys_reencrypts_with_new_key(personas, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old_key
    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    device = TOTPDevice.objects.create(user=personas["admin"], secret="JBSWY3DPEHPK3PXP")
    before = _stored(device.pk)
    assert Fernet(old_key.encode()).decrypt(before.encode()) == b"JBSWY3DPEHPK3PXP"

    settings.FIELD_ENCRYPTION_KEY = new_key
    settings.FIELD_ENCRYPTION_OLD_KEYS = [old_key]
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "accounts.TOTPDevice: 1 rows" in out.getvalue()

    after = _stored(device.pk)
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after.encode()) == b"JBSWY3DPEHPK3PXP"
    settings.FIELD_ENCRYPTION_OLD_KEYS = []  # the old key can now be dropped
    assert TOTPDevice.objects.get(pk=device.pk).secret == "JBSWY3DPEHPK3PXP"


def test_rotate_keys_unknown_key_fails_clearly(personas, settings):
    import pytest
    from django.core.management import CommandError

    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    TOTPDevice.objects.create(user=personas["admin"], secret="JBSWY3DPEHPK3PXP")
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_keys", stdout=io.StringIO())
