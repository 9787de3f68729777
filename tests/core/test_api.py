"""The read-only JSON API against the 2023 notice's own values, and its OpenAPI 3 schema."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.programmes.models import Programme
from gongkai.units.models import Unit, UnitKind
from tests.fixtures.queries import clear_caches


def test_programme_2023_payload_matches_the_notice(client, programme):
    response = client.get("/api/programmes/2023")
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == 2023
    assert data["service_center_phone"] == "0912-4848111"
    assert data["notice"]["number"] == "靖政办发〔2023〕15号"
    assert data["notice"]["date"] == "2023-04-03"
    assert data["notice"]["url"] == "/notices/2023/"
    assert [a["number"] for a in data["notice"]["attachments"]] == [1, 2, 3]
    windows = {w["kind"]: (w["start"], w["end"]) for w in data["windows"]}
    assert windows == {
        "visits": ("2023-04-06", "2023-10-31"),
        "interviews": ("2023-05-08", "2023-06-10"),
        "video": ("2023-04-10", "2023-12-31"),
    }
    deadlines = {d["kind"]: d for d in data["deadlines"]}
    assert deadlines["visit_plan"]["due_date"] == "2023-04-09"
    assert deadlines["receipt_form"]["due_date"] == "2023-04-09"
    assert deadlines["interview_outline"]["due_date"] == "2023-05-01"
    # the end of 9 April in county time, inclusive
    assert deadlines["visit_plan"]["closes_at"] == "2023-04-10T00:00:00+08:00"
    assert [(g["unit"], g["title"]) for g in data["guests"]] == [
        ("县自然资源和规划局", "局长"),
        ("县农业农村局", "局长"),
        ("县乡村振兴局", "局长"),
        ("县统计局", "局长"),
        ("镇靖镇", "党委书记"),
        ("小河镇", "党委书记"),
    ]
    assert [(s["start"], s["end"], s["units"]) for s in data["slots"]] == [
        ("2023-05-08", "2023-05-19", ["县农业农村局", "县统计局", "镇靖镇"]),
        ("2023-05-22", "2023-06-02", ["县自然资源和规划局", "县乡村振兴局", "小河镇"]),
    ]
    assert "县统计局" in data["implementing_units"]


def test_api_carries_no_guest_names(client, programme):
    programme.guests.filter(unit__name="县统计局").update(name="陈某某")
    body = client.get("/api/programmes/2023").content.decode()
    assert "陈某某" not in body


def test_programme_list_shows_only_published_programmes(client, programme):
    Programme.objects.create(year=2024, title="2024年度（草稿）")
    response = client.get("/api/programmes")
    assert response.json() == [
        {"year": 2023, "title": programme.title, "url": "/api/programmes/2023"}
    ]
    assert client.get("/api/programmes/2024").status_code == 404
    assert client.get("/api/programmes/1999").status_code == 404


def test_units_list_has_kinds_and_demo_flags(client, programme):
    data = client.get("/api/units").json()
    assert len(data) == Unit.objects.count()
    by_name = {u["name"]: u for u in data}
    assert by_name["镇靖镇"]["kind"] == "town"
    assert by_name["县政务信息化服务中心"]["kind"] == "special"
    assert set(by_name["镇靖镇"]) == {
        "id",
        "name",
        "short_name",
        "kind",
        "kind_label",
        "head_title",
        "office_phone",
        "active",
        "is_demo",
    }


def test_openapi_schema_lists_the_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/units", "/api/programmes", "/api/programmes/{year}"} <= set(schema["paths"])
    programme = schema["components"]["schemas"]["ProgrammeOut"]
    assert {"windows", "deadlines", "guests", "slots", "notice"} <= set(programme["properties"])
    deadline = schema["components"]["schemas"]["DeadlineOut"]["properties"]
    assert deadline["due_date"]["format"] == "date"
    assert deadline["closes_at"]["format"] == "date-time"


@pytest.mark.parametrize("count", [1, 3])
def test_api_query_counts_do_not_grow(db, client, count, django_assert_num_queries):
    for i in range(count):
        Unit.objects.create(name=f"单位{i}", kind=UnitKind.DEPARTMENT)
        Programme.objects.create(year=2030 + i, title=f"{i}", notice_published=True)
    clear_caches()  # the host -> county map is read once per process, not in a counted request
    with django_assert_num_queries(1):
        assert client.get("/api/units").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/api/programmes").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/programmes/2030").status_code == 200
    assert len(queries) == 7


def test_openapi_schema_is_valid_openapi_3(client):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(client.get("/api/openapi.json").json())


def test_programme_api_documents_its_error_responses(client, programme):
    schema = client.get("/api/openapi.json").json()
    responses = schema["paths"]["/api/programmes/{year}"]["get"]["responses"]
    assert {"200", "404", "422"} <= set(responses)
    assert client.get("/api/programmes/1999").status_code == 404
    bad = client.get("/api/programmes/null,null")
    assert bad.status_code == 422
    assert isinstance(bad.json()["detail"], list)
