"""Guests' photos on the interview pages (issue 14, item 9): put up by the service center or
the media center, shown on the preview, live and archive pages with the guest's name and post
as alt text; the demo's guests get a drawn placeholder, not a photo of a real person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.interviews.models import Interview, InterviewStatus, PersonRole, ReceiptPerson
from tests.conftest import ALL_PERSONAS
from tests.interviews.conftest import png_upload

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _guest(status: str) -> ReceiptPerson:
    return (
        ReceiptPerson.objects.filter(role=PersonRole.GUEST, receipt__interview__status=status)
        .select_related("receipt__interview")
        .first()
    )


def test_demo_guests_have_a_drawn_placeholder_portrait(demo):
    guests = ReceiptPerson.objects.filter(role=PersonRole.GUEST)
    assert guests.exists()
    for guest in guests:
        assert guest.photo.name.startswith("interviews/guests/demo-guest-")
        assert guest.photo.read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("status", [InterviewStatus.PREVIEW, InterviewStatus.ARCHIVED])
def test_public_pages_show_the_photo_with_name_and_post(demo, client_as, status):
    guest = _guest(status)
    interview = guest.receipt.interview
    page = client_as(None).get(reverse("interviews:detail", args=[interview.pk]), **ZH)
    html = page.content.decode()
    assert f'<img src="{guest.photo.url}" alt="{guest.title}{guest.name}"' in html
    assert client_as(None).get(guest.photo.url).status_code == 200  # public with the page


def test_a_draft_interviews_guest_photo_is_not_public(demo, client_as):
    guest = ReceiptPerson.objects.filter(
        role=PersonRole.GUEST, receipt__interview__status=InterviewStatus.DRAFT
    ).first()
    if guest is None:  # the demo's drafts have no receipt form: make one guest private
        guest = _guest(InterviewStatus.PREVIEW)
        Interview.objects.filter(pk=guest.receipt.interview_id).update(status=InterviewStatus.DRAFT)
    assert client_as(None).get(guest.photo.url).status_code in (302, 404)
    assert client_as("media_center").get(guest.photo.url).status_code == 200


def test_the_media_center_uploads_a_guest_photo(demo, client_as):
    guest = _guest(InterviewStatus.PREVIEW)
    interview = guest.receipt.interview
    client = client_as("media_center")
    staff = client.get(f"/interviews/staff/{interview.pk}/", **ZH).content.decode()
    assert "嘉宾照片" in staff and f'for="guest-photo-{guest.pk}"' in staff
    old = guest.photo.name
    response = client.post(
        reverse("interviews:guest-photo", args=[interview.pk, guest.pk]),
        {"photo": png_upload("portrait.png")},
    )
    assert response.status_code == 302 and response["Location"].endswith("#guests-title")
    guest.refresh_from_db()
    assert guest.photo.name != old and guest.photo.read(4) == b"\x89PNG"


def test_a_text_file_is_refused_as_a_photo(demo, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    guest = _guest(InterviewStatus.PREVIEW)
    old = guest.photo.name
    client_as("media_center").post(
        reverse("interviews:guest-photo", args=[guest.receipt.interview_id, guest.pk]),
        {"photo": SimpleUploadedFile("a.png", b"plain text")},
    )
    guest.refresh_from_db()
    assert guest.photo.name == old


def test_correcting_the_receipt_form_keeps_the_guests_photo(demo, personas):
    from gongkai.interviews import services

    guest = _guest(InterviewStatus.PREVIEW)
    receipt = guest.receipt
    people = [
        {"role": p.role, "name": p.name, "title": p.title, "introduction": p.introduction}
        for p in receipt.people.all()
    ]
    photo = guest.photo.name
    services.save_receipt_form(
        receipt.interview,
        topic=receipt.interview.topic,
        fields={"contact_name": "新联系人"},
        people=people,
        by=personas["unit_staff"],
    )
    assert ReceiptPerson.objects.get(receipt=receipt, name=guest.name).photo.name == photo


UPLOADERS = {"county_office", "service_center", "media_center"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_may_put_up_a_guest_photo(demo, client_as, persona):
    guest = _guest(InterviewStatus.PREVIEW)
    old = guest.photo.name
    response = client_as(persona).post(
        reverse("interviews:guest-photo", args=[guest.receipt.interview_id, guest.pk]),
        {"photo": png_upload("portrait.png")},
    )
    guest.refresh_from_db()
    if persona is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona in UPLOADERS:
        assert response.status_code == 302 and guest.photo.name != old
        return
    else:
        assert response.status_code in (403, 404), persona
    assert guest.photo.name == old


def test_a_person_of_another_interview_is_not_found(demo, client_as):
    guest = _guest(InterviewStatus.PREVIEW)
    other = Interview.objects.exclude(pk=guest.receipt.interview_id).first()
    response = client_as("service_center").post(
        reverse("interviews:guest-photo", args=[other.pk, guest.pk]),
        {"photo": png_upload("portrait.png")},
    )
    assert response.status_code == 404
