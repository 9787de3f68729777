"""``access_document`` (gongkai/policies/rules.py): the document for who may see it on the staff
pages, 404 alike for a missing one and another unit's."""

import pytest
from django.http import Http404

from gongkai.policies import rules
from tests.policies.conftest import make_document

MISSING = 987654


@pytest.fixture
def document(nongye):
    return make_document(nongye)  # the unit of the "unit_staff" persona


@pytest.mark.parametrize("persona", ["county_office", "service_center", "assessor", "unit_staff"])
def test_access_document_returns_it_to_who_sees_it(persona, personas, document):
    assert rules.access_document(personas[persona], document.pk) == document


@pytest.mark.parametrize("persona", ["other_unit_staff", "admin"])
def test_access_document_is_404_for_another_unit(persona, personas, document):
    with pytest.raises(Http404):
        rules.access_document(personas[persona], document.pk)


def test_access_document_write_and_missing(personas, document):
    assert rules.access_document(personas["unit_staff"], document.pk, write=True) == document
    with pytest.raises(Http404):
        rules.access_document(personas["assessor"], document.pk, write=True)
    with pytest.raises(Http404):
        rules.access_document(personas["service_center"], MISSING)
