"""The suite's own machinery (tests/fixtures/moduledata.py): data loaded once for a module is
seen by each of its tests, and what one test changes is rolled back before the next."""

from __future__ import annotations

import pytest

from gongkai.units.models import Unit, UnitKind
from tests.fixtures.moduledata import module_transaction

NAME = "模块共享单位"


@pytest.fixture(scope="module")
def shared_unit(request, django_db_setup, django_db_blocker):
    with module_transaction(request, django_db_blocker):
        with django_db_blocker.unblock():
            pk = Unit.objects.create(name=NAME, kind=UnitKind.DEPARTMENT).pk
        yield pk


@pytest.fixture
def unit_pk(shared_unit, programme):
    return shared_unit


def test_a_test_sees_the_module_data_and_changes_it(unit_pk):
    assert Unit.objects.get(pk=unit_pk).name == NAME
    Unit.objects.filter(pk=unit_pk).update(name="改名")
    Unit.objects.create(name="另一个单位", kind=UnitKind.DEPARTMENT)


def test_the_next_test_finds_it_as_loaded(unit_pk):
    assert Unit.objects.get(pk=unit_pk).name == NAME
    assert not Unit.objects.filter(name="另一个单位").exists()


def test_the_seed_is_there_too(unit_pk, personas):
    assert personas["unit_staff"].unit.name == "县农业农村局"
    assert Unit.objects.filter(name=NAME).count() == 1
