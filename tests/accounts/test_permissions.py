"""Role × view matrix for the foundation's views."""

import pytest

from tests.conftest import ALL_PERSONAS, STAFF_PERSONAS
from tests.fixtures.pages import h1, not_found

STAFF = STAFF_PERSONAS

# view → personas allowed (everyone else signed in gets 403; anonymous is sent to login)
MATRIX = {
    "/staff/": STAFF,
    "/staff/units/": STAFF,
    "/staff/programmes/": STAFF,
    "/staff/programmes/2023/": STAFF,
    "/staff/audit/": {"county_office", "service_center", "assessor"},
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("url", sorted(MATRIX))
def test_staff_view_permissions(client_as, persona, url):
    response = client_as(persona).get(url)
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif persona in MATRIX[url]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


PUBLIC = {  # url → its heading
    "/": "政务公开：政府与群众面对面",
    "/notices/": "通知公告",
    "/notices/2023/": (
        "靖边县人民政府办公室关于开展2023年度邀请公民代表走进县镇政府和县政府门户网站"
        "在线访谈活动的通知"
    ),
    "/interviews/": "在线访谈",
    "/visits/": "走进政府",
    "/policies/": "政策解读",
    "/data/": "互动数据",
    "/accessibility/": "无障碍说明",
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_open_to_everyone(client_as, persona, url):
    assert h1(client_as(persona).get(url)) == PUBLIC[url]


def test_unknown_programme_is_not_found(client_as):
    assert not_found(client_as("service_center").get("/staff/programmes/1999/"))


def test_login_with_demo_account_reaches_workbench(client, personas, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "test-pass-123!"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_failed_login_says_what_to_do(client, personas):
    response = client.post("/accounts/login/", {"username": "p-unit", "password": "wrong"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
