import pytest

from gongkai.assessment.models import Indicator, Objection
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import FORBIDDEN, NOT_FOUND, forbidden, h1, heading, not_found, to_sign_in

ALL_SCORES = {"county_office", "service_center", "assessor"}


@pytest.fixture
def urls(programme, indicators, personas):
    own = personas["unit_staff"].unit.pk
    other = personas["other_unit_staff"].unit.pk
    y = programme.year
    leaf = Indicator.objects.filter(programme=programme, rule="visit_plan_on_time").get().pk
    coordinators = {"county_office", "service_center"}
    return {
        "indicator-new": (f"/assessment/{y}/indicators/new/", coordinators),
        "indicator-edit": (f"/assessment/{y}/indicators/{leaf}/edit/", coordinators),
        "indicator-delete": (f"/assessment/{y}/indicators/{leaf}/delete/", coordinators),
        "ranking": (f"/assessment/{y}/", ALL_SCORES),
        "print": (f"/assessment/{y}/print/", ALL_SCORES),
        "xlsx": (f"/assessment/{y}/report.xlsx", ALL_SCORES),
        "progress": (f"/assessment/{y}/progress/", ALL_SCORES),
        "objections": (f"/assessment/{y}/objections/", ALL_SCORES),
        "indicators": (f"/assessment/{y}/indicators/", {"county_office", "service_center"}),
        "own-unit": (f"/assessment/{y}/units/{own}/", ALL_SCORES | {"unit_staff"}),
        "other-unit": (f"/assessment/{y}/units/{other}/", ALL_SCORES | {"other_unit_staff"}),
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize(
    "name",
    [
        "ranking",
        "print",
        "xlsx",
        "progress",
        "objections",
        "indicators",
        "indicator-new",
        "indicator-edit",
        "indicator-delete",
        "own-unit",
        "other-unit",
    ],
)
def test_assessment_view_permissions(client_as, urls, persona, name):
    url, allowed = urls[name]
    response = client_as(persona).get(url)
    if persona is None:
        assert to_sign_in(response)
    elif persona in allowed and name == "xlsx":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"  # a workbook (a zip), not a page
    elif persona in allowed:
        assert h1(response) not in (NOT_FOUND, FORBIDDEN)
    elif name.endswith("unit") and persona in {"unit_staff", "other_unit_staff"}:
        assert not_found(response)  # another unit's score: not found, never leaked
    else:
        assert heading(response, response.status_code) in (FORBIDDEN, NOT_FOUND)


@pytest.mark.parametrize(
    "persona", ["county_office", "service_center", "media_center", "unit_staff", "admin"]
)
def test_only_assessors_adjust(client_as, programme, indicators, personas, persona):
    from gongkai.assessment.models import Indicator

    leaf = Indicator.objects.filter(programme=programme, children__isnull=True).first()
    unit = personas["other_unit_staff"].unit
    response = client_as(persona).post(
        f"/assessment/{programme.year}/units/{unit.pk}/points/{leaf.pk}/adjust/",
        {"points": "1", "reason": "x"},
    )
    assert response.status_code == 403
    assert not leaf.adjustments.exists()


@pytest.mark.parametrize("persona", ["service_center", "assessor", "unit_staff"])
def test_only_county_office_locks(client_as, programme, indicators, persona):
    from gongkai.assessment.models import Snapshot

    assert client_as(persona).post(f"/assessment/{programme.year}/lock/").status_code == 403
    assert not Snapshot.objects.exists()


def test_unit_staff_home_goes_to_own_scores(client_as, programme, indicators, personas):
    response = client_as("unit_staff").get("/assessment/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/assessment/{programme.year}/units/{personas['unit_staff'].unit.pk}/"
    )


def test_unit_cannot_object_for_another_unit(client_as, programme, indicators, personas):
    other = personas["other_unit_staff"].unit
    response = client_as("unit_staff").post(
        f"/assessment/{programme.year}/units/{other.pk}/objections/new/", {"text": "x"}
    )
    assert forbidden(response)
    assert not Objection.objects.exists()
