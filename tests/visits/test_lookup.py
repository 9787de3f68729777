"""A citizen finds a registration again (issue 14, item 2): by its code from the visits column's
lookup, or by mobile number and the ID number's last four characters; cancelling asks first."""

from __future__ import annotations

import pytest

from gongkai.visits.models import Registration, RegistrationStatus
from tests.visits.conftest import person, valid_id

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _register(client, activity, n=1, **headers) -> Registration:
    data = dict(person(n), consent="on", lives_in_county="on")
    assert client.post(f"/visits/{activity.pk}/register/", data, **headers).status_code == 302
    return Registration.objects.latest("pk")


@pytest.mark.django_db
def test_visits_column_links_to_the_lookup(client, programme):
    html = client.get("/visits/", **ZH).content.decode()
    assert 'href="/visits/lookup/"' in html and "查询报名和意见答复" in html


@pytest.mark.django_db
def test_registration_code_finds_the_registration(client, upcoming):
    reg = _register(client, upcoming)
    response = client.get("/visits/lookup/", {"code": f" {reg.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/visits/registration/{reg.code}/"
    page = client.get(response["Location"], **ZH).content.decode()
    assert "查询报名" in page and "请保存本页地址" not in page


@pytest.mark.django_db
def test_unknown_code_says_to_check_it(client, programme):
    html = client.get("/visits/lookup/", {"code": "ZZZZZZZZ"}, **ZH).content.decode()
    assert "没有找到这个码对应的报名或意见表" in html


@pytest.mark.django_db
def test_phone_and_id_ending_list_the_persons_registrations(client, upcoming):
    reg = _register(client, upcoming)
    html = client.get(
        "/visits/lookup/", {"phone": "1390000 0001", "id_last4": valid_id(1)[-4:]}, **ZH
    ).content.decode()
    assert f'href="/visits/registration/{reg.code}/"' in html
    assert upcoming.title in html


@pytest.mark.django_db
def test_phone_with_someone_elses_id_ending_finds_nothing(client, upcoming):
    reg = _register(client, upcoming)
    _register(client, upcoming, n=2)
    html = client.get(
        "/visits/lookup/", {"phone": "13900000001", "id_last4": valid_id(2)[-4:]}, **ZH
    ).content.decode()
    assert reg.code not in html
    assert "没有找到与该手机号和身份证后四位相符的报名" in html


@pytest.mark.django_db
def test_lookups_are_limited_per_address(client, upcoming, monkeypatch):
    from gongkai.visits.views import public

    monkeypatch.setattr(public, "LOOKUP_LIMIT", (2, 3600))
    for _ in range(2):
        assert client.get("/visits/lookup/", {"code": "ZZZZZZZZ"}).status_code == 200
    response = client.get("/visits/lookup/", {"code": "ZZZZZZZZ"}, **ZH)
    assert response.status_code == 429
    assert "一小时" in response.content.decode()


@pytest.mark.django_db
def test_cancel_asks_first_and_says_what_it_does(client, upcoming):
    reg = _register(client, upcoming)
    page = client.get(f"/visits/registration/{reg.code}/", **ZH).content.decode()
    # the registration page links to the question, it does not cancel on one click
    assert f'href="/visits/registration/{reg.code}/cancel/"' in page
    assert 'method="post" action="/visits/registration/' not in page
    ask = client.get(f"/visits/registration/{reg.code}/cancel/", **ZH)
    assert ask.status_code == 200
    html = ask.content.decode()
    assert "确定取消报名吗" in html and "候补名单" in html and "无法撤销" in html
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CONFIRMED  # asking changed nothing
    client.post(f"/visits/registration/{reg.code}/cancel/")
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CANCELLED


@pytest.mark.django_db
def test_sms_carries_the_link_to_the_registration(
    client, upcoming, settings, django_capture_on_commit_callbacks
):
    from gongkai.security import notify

    settings.GONGKAI_SITE_URL = "https://www.jingbian.example.gov.cn/"
    with django_capture_on_commit_callbacks(execute=True):
        reg = _register(client, upcoming)
    (sms,) = [m for m in notify.outbox if m.phone == "13900000001"]
    assert f"https://www.jingbian.example.gov.cn/visits/registration/{reg.code}/" in sms.text


@pytest.mark.django_db
def test_sms_without_a_site_address_points_to_the_lookup(
    client, upcoming, settings, django_capture_on_commit_callbacks
):
    from gongkai.security import notify

    settings.GONGKAI_SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        reg = _register(client, upcoming, HTTP_ACCEPT_LANGUAGE="zh-hans")
    (sms,) = [m for m in notify.outbox if m.phone == "13900000001"]
    assert reg.code in sms.text and "走进政府" in sms.text
