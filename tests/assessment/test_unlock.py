"""issue 13 item 12: the county office unlocks a locked year with a reason (audited); every lock
is a snapshot kept in the year's history; the locked figures come from the latest snapshot."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gongkai.assessment.models import Indicator, Snapshot
from gongkai.audit.models import AuditEntry
from gongkai.units.models import Unit
from tests.assessment.pages import ranking, table_rows
from tests.conftest import ALL_PERSONAS

TZ = ZoneInfo("Asia/Shanghai")
REASON = "镇靖镇活动计划的报送时间登记错误，需更正后重新锁定"


def _url(programme, tail: str) -> str:
    return f"/assessment/{programme.year}/{tail}"


def _percent(client, programme, unit_name: str) -> str:
    page = client.get(_url(programme, ""))
    return next(score for _rank, name, score in ranking(page.content) if name == unit_name)


@pytest.fixture
def locked(programme, indicators, plans_submitted, client_as):
    client_as("county_office").post(_url(programme, "lock/"))
    assert Snapshot.objects.locking(programme).exists()
    return programme


def test_unlock_permission_matrix(locked, client_as):
    """GET (the confirmation) and POST (even with a reason): the county office only."""
    expected = {None: "login", "county_office": 200}
    failures = []
    for persona in ALL_PERSONAS:
        want = expected.get(persona, 403)
        client = client_as(persona)
        got = client.get(_url(locked, "unlock/"))
        if want == "login":
            ok = got.status_code == 302 and "/accounts/login/" in got["Location"]
        else:
            ok = got.status_code == want
        if not ok:
            failures.append((persona, "get", got.status_code))
        if persona != "county_office":
            posted = client.post(_url(locked, "unlock/"), {"reason": REASON})
            if posted.status_code not in (302, 403) or (
                posted.status_code == 302 and "/accounts/login/" not in posted["Location"]
            ):
                failures.append((persona, "post", posted.status_code))
    assert failures == []
    assert Snapshot.objects.locking(locked).exists()  # nobody but the county office unlocked


def test_lock_history_is_read_by_who_reads_all_scores(locked, client_as):
    allowed = {"county_office", "service_center", "assessor"}
    for persona in ALL_PERSONAS:
        response = client_as(persona).get(_url(locked, "locks/"))
        if persona in allowed:
            assert response.status_code == 200, persona
            assert len(table_rows(response.content, "locks")) == 1
        elif persona is None:
            assert response.status_code == 302
        else:
            assert response.status_code == 403, persona


def test_unlock_asks_for_a_reason_then_keeps_the_snapshot(locked, plans_submitted, client_as):
    county = client_as("county_office")
    ranking_page = county.get(_url(locked, "")).content.decode()
    assert f'href="/assessment/{locked.year}/unlock/"' in ranking_page
    ask = county.get(_url(locked, "unlock/")).content.decode()
    assert "解锁后" in ask and "快照保留在锁定记录中" in ask
    assert county.post(_url(locked, "unlock/"), {"reason": " "}).status_code == 400
    assert Snapshot.objects.locking(locked).exists()

    response = county.post(_url(locked, "unlock/"), {"reason": REASON})
    assert response.status_code == 302
    assert not Snapshot.objects.locking(locked).exists()
    snapshot = Snapshot.objects.get()  # kept
    assert snapshot.unlock_reason == REASON and snapshot.unlocked_by.username == "p-county"
    entry = AuditEntry.objects.filter(model="assessment.Snapshot", action="update").get()
    assert entry.after["unlock_reason"] == REASON and entry.username == "p-county"

    history = client_as("assessor").get(_url(locked, "locks/"))
    (row,) = table_rows(history.content, "locks")
    assert REASON in row[2] and "p-county" in row[1]


def test_locked_figures_come_from_the_latest_snapshot(locked, plans_submitted, client_as):
    county = client_as("county_office")
    zhenjing = Unit.objects.get(name="镇靖镇")
    first = _percent(county, locked, "镇靖镇")

    # the data changes while locked: the ranking does not move
    plans_submitted[zhenjing.pk] = dt.datetime(2023, 4, 1, tzinfo=TZ)
    assert _percent(county, locked, "镇靖镇") == first

    county.post(_url(locked, "unlock/"), {"reason": REASON})
    corrected = _percent(county, locked, "镇靖镇")
    assert corrected != first  # unlocked: the ranking follows the data again
    # indicators can be changed again once unlocked
    plan = Indicator.objects.get(programme=locked, rule="visit_plan_on_time")
    assert county.get(_url(locked, f"indicators/{plan.pk}/edit/")).status_code == 200

    county.post(_url(locked, "lock/"))
    assert Snapshot.objects.filter(programme=locked).count() == 2
    plans_submitted.pop(zhenjing.pk)  # changes after the second lock change nothing
    assert _percent(county, locked, "镇靖镇") == corrected

    history = county.get(_url(locked, "locks/")).content.decode()
    old, new = Snapshot.objects.order_by("locked_at", "id")
    assert "有效" in history  # the second lock is in force
    old_page = county.get(_url(locked, f"locks/{old.pk}/"))
    old_row = next(r for r in table_rows(old_page.content, "ranking") if r[1] == "镇靖镇")
    assert old_row[2] == first
    new_page = county.get(_url(locked, f"locks/{new.pk}/"))
    new_row = next(r for r in table_rows(new_page.content, "ranking") if r[1] == "镇靖镇")
    assert new_row[2] == corrected


def test_unlocking_an_open_year_changes_nothing(programme, indicators, client_as):
    county = client_as("county_office")
    response = county.post(_url(programme, "unlock/"), {"reason": REASON})
    assert response.status_code == 302 and response["Location"].endswith("/locks/")
    assert not Snapshot.objects.exists()
