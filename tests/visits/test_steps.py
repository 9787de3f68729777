"""The activity's staff page follows the day in three steps (准备 / 当天 / 之后), and the invite
dropdown names people in full only to whom the masking rule shows them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.visits import services
from tests.visits.conftest import person

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _current(html: str) -> str:
    nav = html[html.index('class="steps') :]
    return nav[: nav.index("</nav>")].split('aria-current="step">')[1].split("<")[0]


def test_before_the_day_the_page_opens_on_getting_ready(client_as, upcoming):
    before = client_as("unit_staff").get(f"/visits/staff/{upcoming.pk}/", **ZH).content.decode()
    assert _current(before).startswith("准备")
    assert 'id="invite"' in before and 'id="media"' not in before


def test_after_the_day_the_page_opens_on_afterwards(client_as, make_activity):
    past = make_activity()  # a 2023 activity
    after = client_as("unit_staff").get(f"/visits/staff/{past.pk}/", **ZH).content.decode()
    assert _current(after).startswith("之后")
    assert 'id="media"' in after and 'id="opinions"' in after and 'id="invite"' not in after


def test_on_the_day_the_page_opens_on_check_in(client_as, future_programme, make_activity):
    now = timezone.localtime()
    starts = now + dt.timedelta(minutes=1) if now.hour < 23 else now - dt.timedelta(minutes=1)
    today = make_activity(starts_at=starts, prog=future_programme)
    day = client_as("unit_staff").get(f"/visits/staff/{today.pk}/", **ZH).content.decode()
    assert _current(day).startswith("当天")
    assert 'id="record"' in day and "qr-pair" in day and 'id="invite"' not in day


def test_each_step_is_a_link_and_actions_come_back_to_their_step(client_as, upcoming):
    client = client_as("unit_staff")
    html = client.get(f"/visits/staff/{upcoming.pk}/?step=day", **ZH).content.decode()
    assert _current(html).startswith("当天")
    for step in ("before", "day", "after"):
        assert f'href="/visits/staff/{upcoming.pk}/?step={step}"' in html
    response = client.post(
        f"/visits/staff/{upcoming.pk}/responses/", {"question": "补贴何时发？", "answer": "6月底。"}
    )
    assert response["Location"] == f"/visits/staff/{upcoming.pk}/?step=after#responses"
    rep = services.save_representative(**person(7), unit=upcoming.unit)
    response = client.post(f"/visits/staff/{upcoming.pk}/invite/", {"representative": rep.pk})
    assert response["Location"] == f"/visits/staff/{upcoming.pk}/?step=before#invite"


def test_invite_dropdown_names_in_full_only_where_the_masking_rule_allows(client_as, upcoming):
    rep = services.save_representative(
        **person(1, name="欧阳一", phone="13912345678"), unit=upcoming.unit
    )
    url = f"/visits/staff/{upcoming.pk}/"
    for persona, full in [("unit_staff", True), ("service_center", True), ("county_office", False)]:
        html = client_as(persona).get(url, {"q": "欧阳", "step": "before"}, **ZH).content.decode()
        if 'name="representative"' not in html:
            assert persona == "county_office"  # no invitation rights: no dropdown at all
            continue
        options = html.split('name="representative"')[1].split("</select>")[0]
        assert f'value="{rep.pk}"' in options, persona
        assert ("欧阳一" in options) is full, persona
        assert "13912345678" not in options  # the phone stays masked in the dropdown
