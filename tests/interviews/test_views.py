"""The staff and portal pages through HTTP: what a person does and sees."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.interviews.models import (
    FeedLine,
    Interview,
    InterviewStatus,
    InterviewVideo,
    Outline,
    OutlineState,
    Photo,
    ReceiptForm,
)
from gongkai.lib.datefilters import format_when
from gongkai.units.models import Unit
from tests.interviews.conftest import at, pdf_upload, png_upload


def _receipt_post(**extra) -> dict:
    data = {
        "topic": "巩固拓展脱贫攻坚成果",
        "contact_name": "吴敏",
        "contact_phone": "0912-4621005",
        "contact_email": "xczx@example.gov.cn",
        "unit_head": "杨光",
        "notes": "",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "1",
        "people-MAX_NUM_FORMS": "1000",
        "people-0-role": "guest",
        "people-0-name": "杨光",
        "people-0-title": "局长",
        "people-0-introduction": "县乡村振兴局局长。",
        "people-1-role": "",
        "people-1-name": "",
        "people-1-title": "",
        "people-1-introduction": "",
    }
    data.update(extra)
    return data


def test_book_form_refuses_time_outside_slot_with_dates(demo, client_as):
    client = client_as("service_center")
    unit = Unit.objects.get(name="新桥农场")
    response = client.post(
        reverse("interviews:staff-book"),
        {
            "unit": Unit.objects.get(name="县统计局").pk,
            "starts_at": "2023-06-05T09:00",
            "duration_minutes": 60,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "2023年5月8日" in page and "2023年5月19日" in page
    # A unit without a slot is not even offered.
    response = client.post(
        reverse("interviews:staff-book"),
        {"unit": unit.pk, "starts_at": "2023-05-10T09:00", "duration_minutes": 60},
    )
    assert response.status_code == 400


def test_book_form_books_inside_slot(programme, client_as):
    client = client_as("service_center")
    response = client.post(
        reverse("interviews:staff-book"),
        {
            "unit": Unit.objects.get(name="县统计局").pk,
            "starts_at": "2023-05-12T09:00",
            "duration_minutes": 60,
            "topic": "统计",
            "venue": "演播室",
        },
    )
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert interview.starts_at == at("2023-05-12T09:00") and interview.venue == "演播室"


def test_unit_moves_own_interview_within_slot(demo, client_as):
    interview = demo["县农业农村局"]
    client = client_as("unit_staff")
    url = reverse("interviews:interview-move", args=[interview.pk])
    response = client.post(
        url, {"starts_at": "2023-05-16T10:00", "duration_minutes": 60}, follow=True
    )
    interview.refresh_from_db()
    assert interview.starts_at == at("2023-05-16T10:00")
    response = client.post(
        url, {"starts_at": "2023-05-25T10:00", "duration_minutes": 60}, follow=True
    )
    assert "2023年5月19日" in response.content.decode()
    interview.refresh_from_db()
    assert interview.starts_at == at("2023-05-16T10:00")


def test_crew_clash_is_shown_on_the_form(demo, client_as, personas):
    interview = demo["县统计局"]
    other = personas["media_center"]
    Interview.objects.filter(pk=demo["县农业农村局"].pk).update(
        starts_at=at("2023-05-12T09:30"), host=other
    )
    response = client_as("media_center").post(
        reverse("interviews:crew-edit", args=[interview.pk]),
        {"venue": "二号演播室", "host": other.pk, "camera": "", "editor": ""},
    )
    assert response.status_code == 400
    assert "县农业农村局" in response.content.decode()


def test_receipt_form_rejected_scan_says_why_and_keeps_the_rest(demo, client_as):
    interview = demo["县乡村振兴局"]
    fake = SimpleUploadedFile(
        "scan.pdf", b"MZ this is an executable", content_type="application/pdf"
    )
    response = client_as("service_center").post(
        reverse("interviews:receipt-edit", args=[interview.pk]), _receipt_post(scan=fake)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "PDF" in page and "JPEG" in page  # tells what to upload instead
    assert 'value="吴敏"' in page and "县乡村振兴局局长。" in page
    assert not ReceiptForm.objects.filter(interview=interview).exists()


def test_receipt_form_submitted_late_is_marked_late(demo, client_as):
    interview = demo["县乡村振兴局"]
    client = client_as("service_center")
    response = client.post(
        reverse("interviews:receipt-edit", args=[interview.pk]), _receipt_post(scan=pdf_upload())
    )
    assert response.status_code == 302
    receipt = ReceiptForm.objects.get(interview=interview)
    assert [p.name for p in receipt.people.all()] == ["杨光"]
    assert receipt.lateness() is not None
    page = client.get(reverse("interviews:staff-detail", args=[interview.pk])).content.decode()
    assert "state-late" in page


def test_outline_typed_then_review_visible_to_unit(demo, client_as):
    interview = demo["县农业农村局"]
    Outline.objects.filter(interview=interview).delete()
    unit = client_as("unit_staff")
    response = unit.post(
        reverse("interviews:outline-edit", args=[interview.pk]), {"text": "一、提纲"}
    )
    assert response.status_code == 302
    client_as("service_center").post(
        reverse("interviews:outline-review", args=[interview.pk]),
        {"decision": "changes", "comment": "请补充政策解读"},
    )
    outline = Outline.objects.get(interview=interview)
    assert outline.state == OutlineState.CHANGES
    page = unit.get(reverse("interviews:staff-detail", args=[interview.pk])).content.decode()
    assert "请补充政策解读" in page


def test_outline_upload_must_be_a_document(demo, client_as):
    interview = demo["县乡村振兴局"]
    response = client_as("service_center").post(
        reverse("interviews:outline-edit", args=[interview.pk]),
        {"text": "", "file": SimpleUploadedFile("outline.docx", b"not a document")},
    )
    assert response.status_code == 400
    assert not Outline.objects.filter(interview=interview).exists()


def test_video_upload_rejects_non_video(demo, client_as):
    interview = demo["县农业农村局"]
    client_as("media_center").post(
        reverse("interviews:video-upload", args=[interview.pk]),
        {"video": SimpleUploadedFile("record.mp4", b"plain text")},
    )
    assert not InterviewVideo.objects.filter(interview=interview).exists()


def test_photo_upload_rejects_non_image(demo, client_as):
    interview = demo["县农业农村局"]
    response = client_as("media_center").post(
        reverse("interviews:photo-add", args=[interview.pk]),
        {"image": SimpleUploadedFile("a.png", b"not an image"), "caption": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Photo.objects.count() == 0
    assert "errorlist" in response.content.decode()


def test_photo_upload_appears_on_live_page(demo, client_as):
    interview = demo["县农业农村局"]
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.LIVE)
    client_as("media_center").post(
        reverse("interviews:photo-add", args=[interview.pk]),
        {"image": png_upload(), "caption": "访谈现场"},
    )
    photo = Photo.objects.get()
    page = client_as(None).get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert photo.image.url in page and "访谈现场" in page


def test_status_change_moves_interview_between_sections(demo, client_as):
    interview = demo["县统计局"]
    staff = client_as("service_center")
    for step in ("preview", "live"):
        staff.post(reverse("interviews:status-step", args=[interview.pk, step]))
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.LIVE
    page = client_as(None).get(reverse("interviews:index")).content.decode()
    live_section = page.split('id="section-live"')[1].split("</section>")[0]
    assert "统计数据看靖边发展" in live_section


def test_preview_page_shows_topic_time_guests_and_ask_section(demo, client):
    page = client.get(reverse("interviews:detail", args=[demo["小河镇"].pk])).content.decode()
    assert "小河镇产业发展与民生实事" in page
    # A week after the day the demo is loaded, 15:00, in the one date format.
    assert format_when(demo["小河镇"].starts_at) in page and "15:00" in page
    assert "党委书记高飞" in page and "主持镇党委全面工作" in page
    assert 'id="ask-title"' in page
    assert 'data-live-url="/live/interview-' in page
    assert page.count("<h1") == 1


def test_live_page_stream_starts_after_the_newest_event_it_rendered(demo, client):
    from gongkai.interviews import services as interview_services
    from gongkai.live.models import LiveEvent

    interview = demo["小河镇"]
    interview_services.set_status(interview, status=InterviewStatus.LIVE, by=None)
    newest = LiveEvent.objects.filter(channel=interview.channel).latest("id").pk
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert f'data-live-url="/live/{interview.channel}/?last_event_id={newest}"' in page


def test_archive_page_does_not_open_a_live_stream(demo, client):
    page = client.get(reverse("interviews:detail", args=[demo["县农业农村局"].pk])).content.decode()
    assert "data-live-url" not in page and "live/live.js" not in page


def test_archive_page_shows_record_tagged_by_speaker_and_time(demo, client):
    page = client.get(reverse("interviews:detail", args=[demo["县农业农村局"].pk])).content.decode()
    assert "[主持人]" in page and "[王建军]" in page
    assert "[09:25]" in page  # the day is the interview's, shown once at the top
    assert "https://www.jingbian.gov.cn/zwgk/" in page
    assert "0912-4621001" not in page  # no contact details on the portal
    assert page.count("<h1") == 1


def test_live_page_has_player_and_live_client(demo, client):
    interview = demo["县农业农村局"]
    Interview.objects.filter(pk=interview.pk).update(
        status=InterviewStatus.LIVE, stream_url="https://live.example.cn/stream.m3u8"
    )
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'src="https://live.example.cn/stream.m3u8"' in page
    assert "live/live.js" in page
    assert 'id="feed-lines"' in page and 'id="photos"' in page and 'id="interview-status"' in page


def test_live_page_without_a_stream_says_so_not_that_it_has_not_begun(demo, client):
    interview = demo["县农业农村局"]
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.LIVE, stream_url="")
    page = client.get(
        reverse("interviews:detail", args=[interview.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "访谈正在进行，暂无视频直播" in page
    assert "访谈开始后即可观看视频直播" not in page


def test_publication_form_saves_links_and_reports_bad_line(demo, client_as):
    interview = demo["县统计局"]
    client = client_as("service_center")
    url = reverse("interviews:publication-edit", args=[interview.pk])
    client.post(url, {"stream_url": "", "links": "统计公报 https://example.cn/a\n"})
    assert [link.title for link in interview.links.all()] == ["统计公报"]
    from gongkai.audit.models import AuditEntry

    added = AuditEntry.objects.filter(model="interviews.RelatedLink", action="create")
    assert [entry.after["title"] for entry in added] == ["统计公报"]  # every change is audited
    response = client.post(url, {"stream_url": "", "links": "没有地址"}, follow=True)
    assert [link.title for link in interview.links.all()] == ["统计公报"]
    assert "Line 1" in response.content.decode() or "第1行" in response.content.decode()


def test_feed_line_without_htmx_redirects_back(demo, client_as):
    interview = demo["县农业农村局"]
    response = client_as("service_center").post(
        reverse("interviews:feed-add", args=[interview.pk]),
        {"speaker": f"guest-{interview.receipt.people.first().pk}", "text": "谢谢"},
    )
    assert response.status_code == 302
    line = FeedLine.objects.filter(interview=interview).last()
    assert line.speaker_name == "局长王建军" and line.text == "谢谢"


def test_crew_calendar_lists_media_assignments(demo, client_as):
    page = client_as("media_center").get(reverse("interviews:crew-calendar")).content.decode()
    assert page.count(reverse("interviews:staff-detail", args=[demo["县农业农村局"].pk])) == 1
    assert "县融媒体中心演播室" in page
