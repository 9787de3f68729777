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

    settings.FIELD_LOOKUP_KEY = old_key  # documented step 2: the lookup hashes keep their key
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


def test_rotate_keys_refuses_to_move_the_lookup_key(personas, settings):
    import pytest
    from django.core.management import CommandError

    old_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_OLD_KEYS = [old_key]
    settings.FIELD_LOOKUP_KEY = ""
    with pytest.raises(CommandError, match="FIELD_LOOKUP_KEY"):
        call_command("rotate_keys", stdout=io.StringIO())


def test_lookups_still_match_after_documented_key_rotation(programme, personas, settings, tmp_path):
    """Item 15 of the pen test: a netizen's lookup code, check-in by ID number and the
    once-a-year rule keep working after ``rotate_keys`` as docs/security.md describes it."""
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.questions import services as questions
    from gongkai.units.models import Unit
    from gongkai.visits import services as visits
    from gongkai.visits.models import Registration
    from tests.visits.conftest import person, valid_id

    settings.MEDIA_ROOT = tmp_path
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old_key
    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    settings.FIELD_LOOKUP_KEY = ""

    unit = Unit.objects.get(name="县农业农村局")
    interview = Interview.objects.create(
        programme=programme,
        unit=unit,
        status=InterviewStatus.LIVE,
        topic="乡村振兴",
        starts_at=timezone.now(),
    )
    question, code = questions.ask_question(
        interview, nickname="网友甲", text="种粮补贴何时发放？", kind="consult"
    )
    track = programme.tracks.get(kind="visits")
    track.start = timezone.localdate() - dt.timedelta(days=5)
    track.end = timezone.localdate() + dt.timedelta(days=30)
    track.save()
    soon = visits.submit_plan(
        programme,
        unit,
        by=personas["unit_staff"],
        title="走进农业农村局",
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        place="会议室",
        contact_name="联络人",
        contact_phone="0912-4600001",
        leader="局长",
    )
    later = visits.submit_plan(
        programme,
        unit,
        by=personas["unit_staff"],
        title="走进农业农村局（二）",
        starts_at=timezone.now() + dt.timedelta(days=10),
        place="会议室",
        contact_name="联络人",
        contact_phone="0912-4600001",
        leader="局长",
    )
    visits.self_register(soon, **person(1))

    # The documented rotation: keep the lookup key, new encryption key, old key readable.
    settings.FIELD_LOOKUP_KEY = old_key
    settings.FIELD_ENCRYPTION_KEY = new_key
    settings.FIELD_ENCRYPTION_OLD_KEYS = [old_key]
    call_command("rotate_keys", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_OLD_KEYS = []

    client = Client()
    found = client.post("/questions/lookup/", {"code": code})
    assert found.status_code == 200
    assert "种粮补贴何时发放" in found.content.decode()

    checked = client.post(f"/visits/checkin/{soon.checkin_token}/", {"id_number": valid_id(1)})
    assert checked.status_code == 200
    assert Registration.objects.get(activity=soon).checked_in_at is not None

    again = client.post(
        f"/visits/{later.pk}/register/",
        {**person(1), "consent": "on", "lives_in_county": "on"},
    )
    assert again.status_code == 200
    assert "error-summary" in again.content.decode()
    assert not Registration.objects.filter(activity=later).exists()
