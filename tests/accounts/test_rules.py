import pytest
from django.http import Http404

from gongkai.accounts import rules


def test_unit_staff_see_only_their_own_unit(personas):
    own = personas["unit_staff"].unit
    other = personas["other_unit_staff"].unit
    assert rules.can_view_unit_work(personas["unit_staff"], own)
    assert not rules.can_view_unit_work(personas["unit_staff"], other)
    assert not rules.can_change_unit_work(personas["unit_staff"], other)


@pytest.mark.parametrize("persona", ["county_office", "service_center"])
def test_coordinators_see_and_change_all(personas, persona):
    other = personas["other_unit_staff"].unit
    assert rules.can_view_unit_work(personas[persona], other)
    assert rules.can_change_unit_work(personas[persona], other)


def test_assessor_reads_but_does_not_change(personas):
    other = personas["other_unit_staff"].unit
    assert rules.can_view_unit_work(personas["assessor"], other)
    assert not rules.can_change_unit_work(personas["assessor"], other)


def test_access_helper_answers_not_found_for_another_units_row(personas):
    from gongkai.programmes.models import Guest

    own_guest = Guest.objects.get(unit=personas["unit_staff"].unit)
    other_guest = Guest.objects.get(unit=personas["other_unit_staff"].unit)
    qs = Guest.objects.all()
    assert rules.access_unit_work(personas["unit_staff"], qs, own_guest.pk) == own_guest
    with pytest.raises(Http404):
        rules.access_unit_work(personas["unit_staff"], qs, other_guest.pk)
    with pytest.raises(Http404):
        rules.access_unit_work(personas["unit_staff"], qs, 999999)
    assert rules.access_unit_work(personas["service_center"], qs, other_guest.pk) == other_guest
