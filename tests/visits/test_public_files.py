"""Approved activity photos and photos of published interviews load for anonymous citizens;
pending photos, scans and other uploads still need a signed-in user."""

from django.core.files.base import ContentFile

from gongkai.interviews.models import Interview, InterviewStatus, Photo
from gongkai.publishing.models import ReviewStatus
from gongkai.visits.models import Media
from tests.fixtures.pages import to_sign_in


def test_approved_activity_photo_is_served_to_anonymous_citizens(demo, client):
    photo = Media.objects.filter(review_status=ReviewStatus.APPROVED).first()
    response = client.get(f"/media/{photo.file.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pending_activity_photo_needs_sign_in(demo, client, client_as):
    pending = Media.objects.filter(review_status=ReviewStatus.PENDING).first()
    response = client.get(f"/media/{pending.file.name}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_photo_of_a_published_interview_is_public_but_not_of_a_draft(demo, client):
    interview = Interview.objects.filter(status=InterviewStatus.ARCHIVED).first()
    draft = Interview.objects.filter(status=InterviewStatus.DRAFT).first()
    from tests.visits.test_public_files import _jpeg

    shown = Photo.objects.create(interview=interview, image=ContentFile(_jpeg(), name="a.jpg"))
    hidden = Photo.objects.create(interview=draft, image=ContentFile(_jpeg(), name="b.jpg"))
    public = client.get(f"/media/{shown.image.name}")
    assert public.status_code == 200 and b"".join(public.streaming_content) == _jpeg()
    assert to_sign_in(client.get(f"/media/{hidden.image.name}"))


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_published_file_check_runs_once_per_request(demo, client, django_assert_max_num_queries):
    # Each registered check queries the database; the answer is computed once per request
    # (three checks at most: interview photos, interview videos, activity media).
    photo = Media.objects.filter(review_status=ReviewStatus.APPROVED).first()
    with django_assert_max_num_queries(3):
        response = client.get(f"/media/{photo.file.name}")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with photo.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
