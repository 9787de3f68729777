"""The ``access_*`` helpers of gongkai/visits/rules.py: the object for who may see it, 404 alike
for a missing row and another unit's."""

import pytest
from django.http import Http404

from gongkai.units.models import Unit
from gongkai.visits import rules, services

MISSING = 987654


@pytest.fixture
def activity(make_activity):
    return make_activity()  # 县农业农村局, the unit of the "unit_staff" persona


@pytest.mark.parametrize("persona", ["county_office", "service_center", "assessor", "unit_staff"])
def test_access_activity_returns_it_to_who_sees_it(persona, personas, activity):
    assert rules.access_activity(personas[persona], activity.pk) == activity


@pytest.mark.parametrize("persona", ["other_unit_staff", "media_center", "admin"])
def test_access_activity_is_404_for_another_unit(persona, personas, activity):
    with pytest.raises(Http404):
        rules.access_activity(personas[persona], activity.pk)


def test_access_activity_write_is_404_for_readers(personas, activity):
    assert rules.access_activity(personas["unit_staff"], activity.pk, write=True) == activity
    with pytest.raises(Http404):
        rules.access_activity(personas["assessor"], activity.pk, write=True)


def test_access_activity_missing_is_404(personas):
    with pytest.raises(Http404):
        rules.access_activity(personas["service_center"], MISSING)


@pytest.fixture
def suggestion(activity):
    form = services.submit_opinion(activity, satisfaction="satisfied", suggestions=["修路"])
    return form.suggestions.get()


def test_access_suggestion_to_read(personas, suggestion):
    for persona in ("county_office", "service_center", "assessor", "unit_staff"):
        assert rules.access_suggestion(personas[persona], suggestion.pk) == suggestion
    for persona in ("other_unit_staff", "media_center", "admin"):
        with pytest.raises(Http404):
            rules.access_suggestion(personas[persona], suggestion.pk)
    with pytest.raises(Http404):
        rules.access_suggestion(personas["service_center"], MISSING)


def test_access_suggestion_to_answer_follows_the_assignment(personas, suggestion):
    own, other = personas["unit_staff"], personas["other_unit_staff"]
    assert rules.access_suggestion(own, suggestion.pk, answer=True) == suggestion
    with pytest.raises(Http404):
        rules.access_suggestion(personas["assessor"], suggestion.pk, answer=True)
    services.assign_suggestion(suggestion, Unit.objects.get(pk=other.unit_id))
    # Handed on: the other unit answers it now; the activity's unit still reads it.
    assert rules.access_suggestion(other, suggestion.pk, answer=True) == suggestion
    assert rules.access_suggestion(own, suggestion.pk) == suggestion
    with pytest.raises(Http404):
        rules.access_suggestion(own, suggestion.pk, answer=True)


def test_rules_for_plans_and_answers(personas):
    assert [p for p in personas if rules.can_plan(personas[p])] == [
        "county_office",
        "service_center",
        "unit_staff",
        "other_unit_staff",
    ]
    assert [p for p in personas if rules.can_answer_suggestions(personas[p])] == [
        "county_office",
        "service_center",
        "unit_staff",
        "other_unit_staff",
    ]
