"""Error pages a citizen or a clerk may meet (issue 14, item 1): in the portal's look, in
Chinese (English and 长者模式 too), saying what happened and what to do next, with a way back."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _boom(request) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("__boom__/", _boom), path("", include("gongkai.conf.urls"))]


@pytest.mark.django_db
def test_missing_page_is_chinese_with_search_and_ways_back(client, programme):
    response = client.get("/no-such-page/", **ZH)
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到您要访问的页面" in html
    assert 'action="/search/"' in html and "站内搜索" in html
    assert 'href="/interviews/"' in html and 'href="/notices/"' in html
    assert "Not Found" not in html
    assert '<link rel="stylesheet"' in html  # the portal's look, not Django's bare page


@pytest.mark.django_db
def test_missing_record_in_english_and_care_mode(client, programme):
    client.cookies["care_mode"] = "1"
    html = client.get("/interviews/999999/", **EN).content.decode()
    assert "We cannot find this page" in html
    assert 'class="care-mode"' in html


@pytest.mark.django_db
def test_missing_page_offers_the_workbench_to_staff(client_as):
    html = client_as("unit_staff").get("/no-such-page/", **ZH).content.decode()
    assert 'href="/staff/"' in html


@pytest.mark.django_db
def test_expired_form_says_what_to_do_and_links_back(programme):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/",
        {"username": "x", "password": "y"},
        HTTP_REFERER="http://testserver/accounts/login/",
        **ZH,
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "表单已过期" in html and "刷新页面后，重新填写并提交" in html
    assert 'href="http://testserver/accounts/login/"' in html
    assert "CSRF verification failed" not in html


@pytest.mark.django_db
def test_expired_form_never_links_to_another_site(programme):
    client = Client(enforce_csrf_checks=True)
    html = client.post(
        "/accounts/login/", {}, HTTP_REFERER="https://evil.example/phish", **ZH
    ).content.decode()
    assert "evil.example" not in html


@pytest.mark.django_db
def test_server_error_page_is_plain_chinese_with_a_way_home(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__/", **ZH)
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时出错" in html and 'href="/"' in html
    assert "a bug" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_bad_request_page(settings, programme):
    settings.ROOT_URLCONF = __name__

    from django.core.exceptions import SuspiciousOperation

    def bad(request):
        raise SuspiciousOperation("tampered")

    urlpatterns.insert(0, path("__bad__/", bad))
    try:
        response = Client(raise_request_exception=False).get("/__bad__/", **ZH)
    finally:
        urlpatterns.pop(0)
    assert response.status_code == 400
    html = response.content.decode()
    assert "无法处理此请求" in html and "tampered" not in html


@pytest.mark.django_db
def test_form_labels_end_in_a_chinese_colon(client, programme):
    """issue 14 item 9: labels read “手机号码：”, not “手机号码:”; English keeps “:”."""
    zh = client.get("/visits/lookup/", **ZH).content.decode()
    assert '<label for="id_phone">手机号码：</label>' in zh
    en = client.get("/visits/lookup/", **EN).content.decode()
    assert '<label for="id_phone">Mobile number:</label>' in en
