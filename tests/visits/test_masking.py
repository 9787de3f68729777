"""The masking rule holds on every page that lists representatives (pen test, item 6): a unit
sees a phone and an ID number in full only for the people who gave them to it (added by the
unit, or self-registered for its activity), never for someone from another unit's roster,
whoever invited them; and it may see and invite only its own people."""

import pytest

from gongkai.units.models import Unit
from gongkai.visits import services
from gongkai.visits.models import Registration
from tests.visits.conftest import person, valid_id

PAGES = ["/visits/staff/{pk}/?step=before", "/visits/staff/{pk}/sign-in-sheet/"]


@pytest.fixture
def theirs(personas):
    """A person on the roster of another unit (镇靖镇)."""
    return services.save_representative(**person(7), unit=Unit.objects.get(name="镇靖镇"))


@pytest.fixture
def ours(personas):
    return services.save_representative(**person(8), unit=Unit.objects.get(name="县农业农村局"))


def test_unit_cannot_invite_from_another_units_roster(client_as, make_activity, theirs, ours):
    activity = make_activity()  # 县农业农村局, the unit of "unit_staff"
    unit = client_as("unit_staff")
    page = unit.get(f"/visits/staff/{activity.pk}/", {"step": "before"}).content.decode()
    assert f'value="{ours.pk}"' in page
    assert f'value="{theirs.pk}"' not in page
    found = unit.get(
        f"/visits/staff/{activity.pk}/", {"q": theirs.name, "step": "before"}
    ).content.decode()
    assert f'value="{theirs.pk}"' not in found
    response = unit.post(f"/visits/staff/{activity.pk}/invite/", {"representative": theirs.pk})
    assert response.status_code == 404
    assert not Registration.objects.filter(representative=theirs).exists()
    roster = unit.get("/visits/staff/representatives/").content.decode()
    assert ours.phone_masked in roster and theirs.phone_masked not in roster


def test_invited_person_of_another_unit_stays_masked_on_every_page(
    client_as, make_activity, personas, theirs, ours
):
    activity = make_activity()
    # The county office may invite anyone; the unit holding the activity still sees the
    # other unit's person masked, and its own person in full.
    for rep in (theirs, ours):
        response = client_as("county_office").post(
            f"/visits/staff/{activity.pk}/invite/", {"representative": rep.pk}
        )
        assert response.status_code == 302
    assert Registration.objects.filter(activity=activity).count() == 2
    for url in PAGES:
        html = client_as("unit_staff").get(url.format(pk=activity.pk)).content.decode()
        assert theirs.phone not in html and valid_id(7) not in html, url
        assert theirs.phone_masked in html, url
        assert ours.phone in html, url
        service = client_as("service_center").get(url.format(pk=activity.pk)).content.decode()
        assert theirs.phone in service, url
        for persona in ("county_office", "assessor"):
            seen = client_as(persona).get(url.format(pk=activity.pk)).content.decode()
            assert theirs.phone not in seen and ours.phone not in seen, (persona, url)


def test_self_registered_person_is_shown_in_full_to_the_unit_holding_the_activity(
    client_as, upcoming
):
    services.self_register(upcoming, **person(1))
    html = client_as("unit_staff").get(f"/visits/staff/{upcoming.pk}/").content.decode()
    assert "13900000001" in html and valid_id(1) in html
    other = client_as("other_unit_staff").get(f"/visits/staff/{upcoming.pk}/")
    assert other.status_code in (403, 404)
