"""Representatives' personal data is kept only for the retention period after their consent
(gongkai purge_personal_data); their rows, and so attendance counts, stay."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from gongkai.visits import services
from gongkai.visits.models import Representative
from tests.visits.conftest import person


def test_old_representatives_are_blanked_and_may_register_afresh(db, settings):
    settings.GONGKAI_PERSONAL_DATA_RETENTION_DAYS = 730
    old = services.save_representative(**person(1), now=timezone.now() - dt.timedelta(days=800))
    recent = services.save_representative(**person(2))
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "visits.Representative: 1 rows blanked" in out.getvalue()
    assert Representative.objects.count() == 2
    old.refresh_from_db()
    assert (old.name, old.id_number, old.phone_encrypted, old.address) == ("", "", "", "")
    assert old.phone_last4 == "" and old.id_index == f"purged-{old.pk}"
    recent.refresh_from_db()
    assert recent.name == "测试2号" and recent.phone_encrypted == "13900000002"
    # The same person coming back years later is a new entry, not the blank one.
    again = services.save_representative(**person(1))
    assert again.pk != old.pk and again.name == "测试1号"
    # A second run finds nothing left to blank.
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "visits.Representative: 0 rows" in out.getvalue()
