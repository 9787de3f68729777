"""The portal's chrome (issue 14.9): 当前位置 on every page below home, the footer's
registration numbers the county fills in the browser, "请选择" for empty choices, the consent
checkbox beside its label, the search filters before the button."""

import re

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.portal.models import SiteIdentity
from gongkai.units.models import Unit

CRUMBS = re.compile(r'<nav class="breadcrumbs" aria-label="当前位置">(.*?)</nav>', re.S)


def crumbs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    found = CRUMBS.search(response.content.decode())
    if found is None:
        return []
    return [
        " ".join(re.sub(r"<[^>]+>", " ", li).split())
        for li in re.findall(r"<li>(.*?)</li>", found.group(1))
    ]


@pytest.fixture
def preview(programme):
    return Interview.objects.create(
        programme=programme,
        unit=Unit.objects.get(name="县农业农村局"),
        status=InterviewStatus.PREVIEW,
        topic="乡村振兴",
    )


def test_breadcrumbs_below_home_name_the_column(client, programme, preview):
    assert crumbs(client, "/") == []
    assert crumbs(client, "/interviews/") == ["首页", "在线访谈"]
    assert crumbs(client, f"/interviews/{preview.pk}/") == ["首页", "在线访谈", "正文"]
    assert crumbs(client, "/questions/lookup/") == ["首页", "在线访谈", "正文"]
    assert crumbs(client, "/visits/") == ["首页", "走进政府"]
    assert crumbs(client, "/visits/lookup/") == ["首页", "走进政府", "正文"]
    assert crumbs(client, "/policies/") == ["首页", "政策解读"]
    assert crumbs(client, "/data/") == ["首页", "互动数据"]
    assert crumbs(client, "/notices/2023/") == ["首页", "通知公告", "正文"]
    assert crumbs(client, "/search/?q=农业") == ["首页", "搜索"]
    page = client.get(f"/interviews/{preview.pk}/").content.decode()
    assert '<a href="/interviews/">在线访谈</a>' in page.split('class="breadcrumbs"')[1]


def test_staff_pages_have_no_public_breadcrumbs(client_as):
    assert crumbs(client_as("service_center"), "/interviews/staff/") == []


def test_county_office_fills_the_footer_numbers(
    client_as, client, django_capture_on_commit_callbacks
):
    assert "公网安备" not in client.get("/").content.decode()
    assert client_as("unit_staff").get("/site-identity/").status_code == 403
    assert client.get("/site-identity/").status_code == 302  # to the sign-in page
    county = client_as("county_office")
    assert 'href="/site-identity/"' in county.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = county.post(
            "/site-identity/",
            {
                "site_code": "6108240001",
                "icp_number": "陕ICP备12345678号",
                "police_number": "陕公网安备 61082402000123号",
            },
        )
    assert response.status_code == 302
    page = client.get("/visits/").content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    assert "网站标识码： 6108240001" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">陕ICP备12345678号</a>' in footer
    assert "code=61082402000123" in footer and "陕公网安备 61082402000123号" in footer
    assert AuditEntry.objects.filter(model="portal.SiteIdentity").exists()
    assert SiteIdentity.objects.count() == 1


def test_empty_choice_reads_please_choose(client_as):
    page = client_as("service_center").get("/interviews/staff/").content.decode()
    html = client_as("county_office").get("/staff/units/new/").content.decode()
    assert "---------" not in page + html
    assert ">请选择</option>" in html


def test_consent_checkbox_sits_beside_its_label(client, preview):
    page = client.get(f"/interviews/{preview.pk}/").content.decode()
    field = page.split('<p class="check-field">')[1].split("</p>")[0]
    assert field.index('type="checkbox"') < field.index("<label")


def test_search_filters_come_before_the_button(client, programme):
    page = client.get("/search/?q=农业").content.decode()
    form = page.split('<form class="search-form-large"')[1].split("</form>")[0]
    assert form.index('name="kind"') < form.index('name="year"') < form.index('type="submit"')
