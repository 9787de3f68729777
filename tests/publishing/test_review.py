"""The shared review-then-publish mechanism and the service center's queue."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.publishing import services
from gongkai.publishing.registry import register_reviewable, reviewable_kind, reviewable_kinds
from gongkai.visits import services as visit_services
from gongkai.visits.models import Media
from tests.fixtures.pages import not_found
from tests.visits.conftest import jpeg_upload


@pytest.fixture
def media(make_activity):
    return visit_services.upload_media(make_activity(), jpeg_upload(), caption="待审照片", by=None)


def test_visits_media_is_registered():
    kind = reviewable_kind("visits.media")
    assert kind is not None and kind.model is Media
    assert kind in reviewable_kinds()


def test_register_reviewable_replaces_by_model():
    before = len(reviewable_kinds())
    kind = reviewable_kind("visits.media")
    register_reviewable(
        kind.model, kind.label, kind.owner_unit_field, kind.detail_url, preview_url=kind.preview_url
    )
    assert len(reviewable_kinds()) == before


def test_owner_unit_follows_the_lookup(media):
    assert reviewable_kind("visits.media").owner_unit(media) == media.activity.unit


def test_approve_publishes_and_reject_clears(media, personas):
    services.approve(media, by=personas["service_center"])
    assert Media.objects.published().get() == media
    assert media.published_at is not None
    services.reject(media, by=personas["service_center"], reason=" 不清楚 ")
    media.refresh_from_db()
    assert (media.review_status, media.reject_reason, media.published_at) == (
        "rejected",
        "不清楚",
        None,
    )
    services.resubmit(media)
    assert Media.objects.pending().get() == media


def test_reject_without_reason_is_refused(media, personas):
    with pytest.raises(ValidationError):
        services.reject(media, by=personas["service_center"], reason="  ")
    media.refresh_from_db()
    assert media.review_status == "pending"


def test_queue_lists_pending_with_unit_and_flag(client_as, media, make_activity):
    from tests.visits.conftest import at

    flagged = visit_services.upload_media(
        media.activity, jpeg_upload(taken=at("2022-01-01")), caption="旧照片", by=None
    )
    services.approve(media, by=None)
    html = client_as("service_center").get("/publishing/staff/").content.decode()
    assert "旧照片" in html and "待审照片" not in html
    assert media.activity.unit.name in html
    assert f"/publishing/staff/visits.media/{flagged.pk}/approve/" in html
    assert "state-late" in html


def test_assessor_reads_queue_without_buttons(client_as, media):
    html = client_as("assessor").get("/publishing/staff/").content.decode()
    assert "待审照片" in html
    assert "/approve/" not in html


def test_unknown_kind_is_not_found(client_as, media):
    client = client_as("service_center")
    assert not_found(client.post(f"/publishing/staff/nope.model/{media.pk}/approve/"))
    media.refresh_from_db()
    assert media.review_status == "pending"
    wrong_method = client.get("/publishing/staff/visits.media/1/approve/")
    assert (wrong_method.status_code, wrong_method["Allow"]) == (405, "POST")
