"""Registrations sent at the same moment (issue 13, item 14): the capacity, the waiting list
and the self-registration limits hold when the requests run together on PostgreSQL, each in
its own transaction. See tests/fixtures/concurrency.py."""

from __future__ import annotations

import threading

import pytest
from django.test import Client

from gongkai.visits.models import Registration
from gongkai.visits.services import registrations
from tests.fixtures.concurrency import needs_postgres, pause_after, together
from tests.visits.conftest import person

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _form(n: int, **overrides) -> dict:
    return dict(person(n, **overrides), consent="on", lives_in_county="on")


def _register(activity, n: int, **overrides):
    client = Client()
    return lambda: client.post(f"/visits/{activity.pk}/register/", _form(n, **overrides))


def _statuses(activity) -> dict[str, str]:
    return dict(
        Registration.objects.filter(activity=activity).values_list("representative__name", "status")
    )


def test_the_last_place_sent_for_twice_at_once_goes_to_one(upcoming, monkeypatch):
    needs_postgres()
    upcoming.capacity = 1
    upcoming.save()
    pause_after(monkeypatch, registrations, "_confirmed_count", parties=2)
    responses = together(_register(upcoming, 1), _register(upcoming, 2))
    assert [r.status_code for r in responses] == [302, 302]
    assert sorted(_statuses(upcoming).values()) == ["confirmed", "waiting"]


def test_one_phone_sent_three_times_at_once_keeps_its_yearly_limit(
    upcoming, make_activity, future_programme, monkeypatch, settings
):
    """Different people, different activities (no shared row), one phone: limit 2 a year."""
    needs_postgres()
    import datetime as dt

    from django.utils import timezone

    settings.GONGKAI_REGISTRATIONS_PER_PHONE_PER_YEAR = 2
    others = [
        make_activity(
            title=f"走进县农业农村局（{n}）",
            starts_at=timezone.now() + dt.timedelta(days=10 + n),
            prog=future_programme,
        )
        for n in (2, 3)
    ]
    pause_after(monkeypatch, registrations, "_registrations_with_phone", parties=3)
    phone = "13912345678"
    responses = together(
        _register(upcoming, 1, phone=phone),
        _register(others[0], 2, phone=phone),
        _register(others[1], 3, phone=phone),
    )
    assert sorted(r.status_code for r in responses) == [200, 302, 302]
    assert Registration.objects.count() == 2


def test_two_cancellations_at_once_promote_the_waiting_list_in_order(upcoming, monkeypatch):
    """Two places free at once: the first two waiting move up, each once, in their order."""
    needs_postgres()
    upcoming.capacity = 2
    upcoming.save()
    for n in range(1, 5):
        assert _register(upcoming, n)().status_code == 302
    codes = dict(
        Registration.objects.filter(activity=upcoming).values_list("representative__name", "code")
    )
    assert _statuses(upcoming) == {
        "测试1号": "confirmed",
        "测试2号": "confirmed",
        "测试3号": "waiting",
        "测试4号": "waiting",
    }
    pause_after(monkeypatch, registrations, "_confirmed_count", parties=2)
    first, second = Client(), Client()
    together(
        lambda: first.post(f"/visits/registration/{codes['测试1号']}/cancel/"),
        lambda: second.post(f"/visits/registration/{codes['测试2号']}/cancel/"),
    )
    assert _statuses(upcoming) == {
        "测试1号": "cancelled",
        "测试2号": "cancelled",
        "测试3号": "confirmed",
        "测试4号": "confirmed",
    }


def test_cancelling_a_waiting_place_while_another_cancel_promotes_it_does_not_deadlock(
    upcoming, monkeypatch
):
    """One person leaves the waiting list while a confirmed person cancels, which promotes
    the first waiting one. Both cancellations lock the activity before the registration, so
    neither holds what the other waits for (PostgreSQL would abort one with a deadlock)."""
    needs_postgres()
    upcoming.capacity = 1
    upcoming.save()
    for n in range(1, 4):
        assert _register(upcoming, n)().status_code == 302
    codes = dict(
        Registration.objects.filter(activity=upcoming).values_list("representative__name", "code")
    )
    # Both requests reach the activity lock together; the confirmed one's gets it first.
    barrier = threading.Barrier(2)
    original = registrations._lock
    seen: set[str] = set()
    confirmed_holds_it = threading.Event()

    def lock_in_turn(activity):
        name = threading.current_thread().name
        first = name not in seen
        if first:
            seen.add(name)
            try:
                barrier.wait(2)
            except threading.BrokenBarrierError:
                pass
            if name.endswith("waiting"):
                confirmed_holds_it.wait(10)  # then waits for the lock the confirmed one holds
        locked = original(activity)
        if first and name.endswith("confirmed"):
            confirmed_holds_it.set()
        return locked

    monkeypatch.setattr(registrations, "_lock", lock_in_turn)
    results: dict[str, int] = {}

    def cancel(code: str, label: str) -> threading.Thread:
        client = Client()

        def run():
            from django.db import connections

            try:
                results[label] = client.post(f"/visits/registration/{code}/cancel/").status_code
            finally:
                connections.close_all()

        return threading.Thread(target=run, name=f"cancel-{label}")

    threads = [cancel(codes["测试1号"], "confirmed"), cancel(codes["测试2号"], "waiting")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == {"confirmed": 302, "waiting": 302}
    assert _statuses(upcoming) == {
        "测试1号": "cancelled",
        "测试2号": "cancelled",
        "测试3号": "confirmed",
    }
