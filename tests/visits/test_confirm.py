"""issue 13 item 13: cancelling a registration (staff) and rejecting a photo ask first, without
JavaScript, and say what they will do; citizens' own cancellation already has its page."""

from gongkai.visits import services
from gongkai.visits.models import RegistrationStatus
from tests.visits.conftest import jpeg_upload, person


def test_staff_registration_cancel_asks_first(make_activity, client_as):
    activity = make_activity()
    reg = services.invite(activity, services.save_representative(**person(7)), by=None)
    client = client_as("county_office")
    url = f"/visits/staff/{activity.pk}/registrations/{reg.pk}/cancel/"
    ask = client.post(url)
    page = ask.content.decode()
    assert ask.status_code == 200 and activity.title in page
    assert "等候名单" in page and "不能在此撤销" in page
    reg.refresh_from_db()
    assert reg.status != RegistrationStatus.CANCELLED
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CANCELLED


def test_photo_reject_asks_first_and_keeps_the_reason(make_activity, client_as):
    activity = make_activity()
    media = services.upload_media(activity, jpeg_upload(), by=None)
    client = client_as("service_center")
    url = f"/publishing/staff/visits.media/{media.pk}/reject/"
    page = client.post(url, {"reason": "照片模糊"}).content.decode()
    assert "照片模糊" in page and 'name="reason" value="照片模糊"' in page
    media.refresh_from_db()
    assert media.review_status == "pending"
    client.post(url, {"reason": "照片模糊", "confirmed": "1"})
    media.refresh_from_db()
    assert (media.review_status, media.reject_reason) == ("rejected", "照片模糊")
