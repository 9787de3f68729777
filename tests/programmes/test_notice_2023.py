"""The 2023 demo data reproduces the notice exactly (SPEC §2, §4; values read from the notice)."""

import datetime as dt

import pytest

from gongkai.programmes.models import Programme
from gongkai.programmes.services import load_builtin

D = dt.date


def test_windows_and_deadlines_match_the_notice(programme):
    windows = {t.kind: (t.start, t.end) for t in programme.tracks.all()}
    assert windows == {
        "visits": (D(2023, 4, 6), D(2023, 10, 31)),
        "interviews": (D(2023, 5, 8), D(2023, 6, 10)),
        "video": (D(2023, 4, 10), D(2023, 12, 31)),
    }
    deadlines = {d.kind: d.due_date for d in programme.deadlines.all()}
    assert deadlines == {
        "visit_plan": D(2023, 4, 9),
        "receipt_form": D(2023, 4, 9),
        "interview_outline": D(2023, 5, 1),
    }
    assert programme.notice_number == "靖政办发〔2023〕15号"
    assert programme.notice_date == D(2023, 4, 3)
    assert programme.notice_printed_date == D(2023, 4, 3)
    assert programme.service_center_phone == "0912-4848111"
    assert programme.representative_target == 20


def test_six_guests_and_two_slots_match_attachment_2(programme):
    guests = sorted((g.unit.name, g.title) for g in programme.guests.all())
    assert guests == sorted(
        [
            ("县自然资源和规划局", "局长"),
            ("县农业农村局", "局长"),
            ("县乡村振兴局", "局长"),
            ("县统计局", "局长"),
            ("镇靖镇", "党委书记"),
            ("小河镇", "党委书记"),
        ]
    )
    slots = [(s.start, s.end, sorted(u.name for u in s.units.all())) for s in programme.slots.all()]
    assert slots == [
        (D(2023, 5, 8), D(2023, 5, 19), sorted(["县农业农村局", "县统计局", "镇靖镇"])),
        (D(2023, 5, 22), D(2023, 6, 2), sorted(["县自然资源和规划局", "县乡村振兴局", "小河镇"])),
    ]


def test_units_the_notice_names_are_not_marked_demo(programme):
    from gongkai.units.models import Unit

    named = [
        "张家畔街道办事处",
        "新桥农场",
        "镇靖镇",
        "小河镇",
        "县统计局",
        "县政务信息化服务中心",
        "县融媒体中心",
    ]
    assert set(
        Unit.objects.filter(name__in=named, is_demo=False).values_list("name", flat=True)
    ) == set(named)
    assert Unit.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    from gongkai.programmes.models import Deadline, Guest, InterviewSlot, Track
    from gongkai.units.models import Unit

    load_builtin(2023)
    counts = [m.objects.count() for m in (Programme, Unit, Track, Deadline, Guest, InterviewSlot)]
    load_builtin(2023)
    assert [
        m.objects.count() for m in (Programme, Unit, Track, Deadline, Guest, InterviewSlot)
    ] == counts


def test_notice_is_published_on_the_portal_with_three_attachments(programme, client):
    response = client.get("/notices/2023/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "靖政办发〔2023〕15号" in text
    assert "双拥" not in text  # the debris table from another document is not part of the notice
    for number in (1, 2, 3):
        assert f"/notices/2023/attachments/{number}/" in text
        assert client.get(f"/notices/2023/attachments/{number}/").status_code == 200
    attachment2 = client.get("/notices/2023/attachments/2/").content.decode()
    assert "县农业农村局 县统计局 镇靖镇" in attachment2
    assert "5月8日-5月19日" in attachment2
    # the column heading is the notice's 受访单位, not the unit register's 单位名录 (issue 14)
    zh = client.get("/notices/2023/attachments/2/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert '<th scope="col">受访单位</th>' in zh.content.decode()
