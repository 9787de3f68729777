"""Two processes asking for the first county of a fresh database at once (two web workers'
first requests) get the same county: one creates it, the other's insert fails on the unique
name and it reads the one that was made (``counties.models.default_county_id``).

PostgreSQL only: two transactions at once (tests/fixtures/concurrency.py)."""

from __future__ import annotations

import threading

import pytest
from django.db.models.signals import pre_save

from gongkai.counties import resolve
from gongkai.counties.models import County, default_county_id
from tests.fixtures.concurrency import PAUSE, needs_postgres, together

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_first_requests_at_once_make_one_county():
    needs_postgres()
    County.objects.all().delete()
    resolve.forget()
    # Each caller waits, once it has found no county and is about to create one, until the
    # other has found none too: both inserts happen, and only one may win.
    both_checked = threading.Barrier(2)

    def wait_for_the_other(sender, instance, **kwargs):
        if instance.pk is None:
            try:
                both_checked.wait(PAUSE)
            except threading.BrokenBarrierError:
                pass

    pre_save.connect(wait_for_the_other, sender=County, dispatch_uid="first-county-race")
    try:
        first, second = together(default_county_id, default_county_id)
    finally:
        pre_save.disconnect(dispatch_uid="first-county-race")
        resolve.forget()
    assert not both_checked.broken  # both really raced to create it
    assert first == second
    assert list(County.objects.values_list("pk", flat=True)) == [first]
