"""Crew by name, the account optional (issue 14, item 14): a freelance camera operator without
an account is named on the interview; crew chosen by account keep working."""

from __future__ import annotations

from gongkai.interviews import services
from gongkai.interviews.models import Interview

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _booked() -> Interview:
    return Interview.objects.exclude(starts_at=None).select_related("unit").first()


def test_the_media_center_names_a_camera_operator_without_an_account(demo, client_as, personas):
    interview = _booked()
    client = client_as("media_center")
    form = client.get(f"/interviews/staff/{interview.pk}/crew/", **ZH).content.decode()
    assert "外聘摄像没有账号" in form and "摄像账号（可不选）" in form
    response = client.post(
        f"/interviews/staff/{interview.pk}/crew/",
        {
            "venue": "县融媒体中心演播室",
            "host_name": "",
            "host": personas["media_center"].pk,
            "camera_name": "王师傅",
            "camera": "",
            "editor_name": "",
            "editor": "",
        },
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.camera_name, interview.camera) == ("王师傅", None)
    page = client.get(f"/interviews/staff/{interview.pk}/", **ZH).content.decode()
    assert "王师傅" in page and str(personas["media_center"]) in page  # account: its name
    calendar = client_as("service_center").get("/interviews/staff/assignments/", **ZH)
    assert "王师傅" in calendar.content.decode()


def test_a_named_crew_member_cannot_work_two_interviews_at_once(demo, client_as, personas):
    first, second = list(Interview.objects.exclude(starts_at=None).order_by("starts_at")[:2])
    services.assign_crew(
        first, venue="A", host=None, camera=None, editor=None, by=None, names={"camera": "王师傅"}
    )
    Interview.objects.filter(pk=second.pk).update(
        starts_at=first.starts_at, duration_minutes=first.duration_minutes
    )
    response = client_as("media_center").post(
        f"/interviews/staff/{second.pk}/crew/",
        {"venue": "B", "camera_name": "王师傅", "host": "", "camera": "", "editor": ""},
        **ZH,
    )
    assert response.status_code == 400
    assert "王师傅" in response.content.decode()
    second.refresh_from_db()
    assert second.camera_name == ""
