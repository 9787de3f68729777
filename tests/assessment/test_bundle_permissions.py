"""Who may download the evidence bundle: a unit's PDF (assessor, county office, service center:
every unit; unit staff: their own) and the county ZIP (the three who read every unit)."""

import pytest

from gongkai.assessment.models import BundleState, CountyBundle
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import FORBIDDEN, NOT_FOUND, heading, to_sign_in

ALL_UNITS = {"county_office", "service_center", "assessor"}


@pytest.fixture
def ready_bundle(programme, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = str(tmp_path / "media")
    bundle = CountyBundle.objects.create(programme=programme, state=BundleState.READY, total=1)
    bundle.file.save("county.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return bundle


@pytest.fixture
def urls(programme, indicators, personas, ready_bundle):
    own = personas["unit_staff"].unit.pk
    other = personas["other_unit_staff"].unit.pk
    y = programme.year
    b = ready_bundle.pk
    return {
        "own-pdf": (f"/assessment/{y}/units/{own}/bundle.pdf", ALL_UNITS | {"unit_staff"}),
        "other-pdf": (
            f"/assessment/{y}/units/{other}/bundle.pdf",
            ALL_UNITS | {"other_unit_staff"},
        ),
        "county": (f"/assessment/{y}/bundle/", ALL_UNITS),
        "status": (f"/assessment/{y}/bundle/{b}/status/", ALL_UNITS),
        "download": (f"/assessment/{y}/bundle/{b}/download/", ALL_UNITS),
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("name", ["own-pdf", "other-pdf", "county", "status", "download"])
def test_bundle_permissions(client_as, urls, persona, name):
    url, allowed = urls[name]
    response = client_as(persona).get(url)
    if persona is None:
        assert to_sign_in(response)
    elif persona in allowed and name.endswith("pdf"):
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    elif persona in allowed and name == "download":
        assert b"".join(response.streaming_content).startswith(b"PK")
        assert "public" not in response.get("Cache-Control", "")
    elif persona in allowed and name == "status":  # the fragment the page polls
        assert response.status_code == 200
        assert (
            f"/bundle/{urls['download'][0].split('/')[-3]}/download/" in response.content.decode()
        )
    elif persona in allowed:
        assert heading(response, response.status_code) not in (NOT_FOUND, FORBIDDEN)
        assert "bundle-status" in response.content.decode()
    elif name.endswith("pdf") and persona in {"unit_staff", "other_unit_staff"}:
        assert response.status_code == 404  # another unit's bundle: not found, never leaked
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", ["media_center", "unit_staff", "admin"])
def test_only_readers_of_every_unit_build_the_county_bundle(client_as, programme, persona):
    assert client_as(persona).post(f"/assessment/{programme.year}/bundle/").status_code == 403
    assert not CountyBundle.objects.exists()


@pytest.mark.parametrize("persona", ["media_center", "unit_staff", "admin"])
def test_the_stored_zip_is_not_served_as_a_plain_media_file(client_as, ready_bundle, persona):
    response = client_as(persona).get(f"/media/{ready_bundle.file.name}")
    assert response.status_code == 404
