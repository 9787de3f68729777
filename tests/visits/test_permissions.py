"""Every view of 走进政府 × every persona."""

import pytest

from gongkai.visits import services
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import not_found as page_not_found
from tests.visits.conftest import person

VISITS_STAFF = {"county_office", "service_center", "unit_staff", "other_unit_staff", "assessor"}
OWNERS_READ = {"county_office", "service_center", "unit_staff", "assessor"}
OWNERS_WRITE = {"county_office", "service_center", "unit_staff"}
NOT_FOUND = {"other_unit_staff", "assessor"}  # may use visits, but not this activity (to change)

# url template → (allowed personas, personas answered 404 instead of 403)
GET_MATRIX = {
    "/visits/staff/": (VISITS_STAFF, set()),
    "/visits/staff/plans/new/": (OWNERS_WRITE | {"other_unit_staff"}, set()),
    "/visits/staff/{pk}/": (OWNERS_READ, {"other_unit_staff"}),
    "/visits/staff/{pk}/sign-in-sheet/": (OWNERS_READ, {"other_unit_staff"}),
    "/visits/staff/{pk}/edit/": (OWNERS_WRITE, NOT_FOUND),
    "/visits/staff/{pk}/opinions/paper/": (OWNERS_WRITE, NOT_FOUND),
    "/visits/staff/suggestions/": (VISITS_STAFF, set()),
    "/visits/staff/representatives/": (OWNERS_WRITE | {"other_unit_staff"}, set()),
    "/visits/staff/attachment-1/": (VISITS_STAFF, set()),
    "/visits/staff/attachment-1.xlsx": (VISITS_STAFF, set()),
    "/visits/staff/compliance/": (VISITS_STAFF, set()),
    "/publishing/staff/": ({"county_office", "service_center", "assessor"}, set()),
}


@pytest.fixture
def activity(make_activity):
    return make_activity()


def _expect(response, persona, allowed, not_found, ok_status=200):
    if persona is None:
        return response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    if persona in allowed:
        if ok_status == 302:
            return response.status_code == 302 and not response["Location"].startswith("/accounts/")
        return response.status_code == ok_status
    if persona in not_found:
        return response.status_code == 404
    return response.status_code == 403


# One test per persona walks every view (the programme fixture is the expensive part).
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_staff_get_permissions(client_as, activity, persona):
    client = client_as(persona)
    wrong = {}
    for url, (allowed, not_found) in GET_MATRIX.items():
        response = client.get(url.format(pk=activity.pk))
        if not _expect(response, persona, allowed, not_found):
            wrong[url] = response.status_code
    assert wrong == {}


def _post_targets(activity, reg, suggestion, media):
    return {
        "invite": (
            f"/visits/staff/{activity.pk}/invite/",
            {"representative": reg.representative_id},
        ),
        "record": (
            f"/visits/staff/{activity.pk}/record/",
            {"leader_stayed": "yes", "attendance": "3"},
        ),
        "response": (f"/visits/staff/{activity.pk}/responses/", {"question": "q", "answer": "a"}),
        "checkin": (f"/visits/staff/{activity.pk}/registrations/{reg.pk}/checkin/", {}),
        "cancel": (
            f"/visits/staff/{activity.pk}/registrations/{reg.pk}/cancel/",
            {"confirmed": "1"},
        ),
        "answer": (f"/visits/staff/suggestions/{suggestion.pk}/answer/", {"answer": "ok"}),
        "assign": (
            f"/visits/staff/suggestions/{suggestion.pk}/assign/",
            {"responsible_unit": activity.unit_id},
        ),
        "bulk": ("/visits/staff/suggestions/bulk/", {"ids": [suggestion.pk], "status": "assigned"}),
        "start": (f"/visits/staff/suggestions/{suggestion.pk}/start/", {}),
        "publish": (
            f"/visits/staff/suggestions/{suggestion.pk}/publish/",
            {"text": "修路", "confirmed": "1"},
        ),
        "withdraw": (f"/visits/staff/suggestions/{suggestion.pk}/withdraw/", {}),
        "approve": (f"/publishing/staff/visits.media/{media.pk}/approve/", {"confirmed": "1"}),
        "reject": (
            f"/publishing/staff/visits.media/{media.pk}/reject/",
            {"reason": "模糊", "confirmed": "1"},
        ),
    }


# action → (personas that may do it, personas answered 404)
POST_MATRIX = {
    "invite": (OWNERS_WRITE, NOT_FOUND),
    "record": (OWNERS_WRITE, NOT_FOUND),
    "response": (OWNERS_WRITE, NOT_FOUND),
    "checkin": (OWNERS_WRITE, NOT_FOUND),
    "cancel": (OWNERS_WRITE, NOT_FOUND),
    "answer": (OWNERS_WRITE, NOT_FOUND),
    "assign": ({"county_office", "service_center"}, set()),
    "bulk": ({"county_office", "service_center"}, set()),
    "start": (OWNERS_WRITE, NOT_FOUND),
    "publish": ({"county_office", "service_center"}, set()),
    "withdraw": ({"county_office", "service_center"}, set()),
    "approve": ({"county_office", "service_center"}, set()),
    "reject": ({"county_office", "service_center"}, set()),
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_staff_post_permissions(client_as, activity, persona):
    from tests.visits.conftest import jpeg_upload

    client = client_as(persona)
    wrong = {}
    for n, action in enumerate(sorted(POST_MATRIX)):
        # fresh objects for every action: an allowed action may have changed the last ones
        # a person on the activity unit's own roster (the only people it may invite)
        rep = services.save_representative(**person(100 + n), unit=activity.unit)
        reg = services.invite(activity, services.save_representative(**person(200 + n)), by=None)
        suggestion = services.submit_opinion(
            activity, satisfaction="fair", suggestions=["x"]
        ).suggestions.get()
        if action == "start":  # a unit starts on what was assigned to it
            services.assign_suggestion(suggestion, activity.unit)
        media = services.upload_media(activity, jpeg_upload(), by=None)
        targets = _post_targets(activity, reg, suggestion, media)
        targets["invite"][1]["representative"] = rep.pk
        url, data = targets[action]
        allowed, not_found = POST_MATRIX[action]
        response = client.post(url, data)
        if not _expect(response, persona, allowed, not_found, ok_status=302):
            wrong[action] = response.status_code
    assert wrong == {}


PUBLIC_URLS = [
    "/visits/",
    "/visits/suggestions/",
    "/visits/{pk}/",
    "/visits/{pk}/register/",
    "/visits/lookup/",
    "/visits/checkin/{checkin}/",
    "/visits/opinion/{opinion}/",
    "/visits/qr/checkin/{checkin}.svg",
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_public_pages_open_to_everyone(client_as, activity, persona):
    client = client_as(persona)
    codes = {
        url: client.get(
            url.format(
                pk=activity.pk, checkin=activity.checkin_token, opinion=activity.opinion_token
            )
        ).status_code
        for url in PUBLIC_URLS
    }
    assert codes == dict.fromkeys(PUBLIC_URLS, 200)


def test_unknown_tokens_are_not_found(client, activity):
    for url in (
        "/visits/checkin/nope/",
        "/visits/opinion/nope/",
        "/visits/registration/NOPE/",
        "/visits/qr/other/x.svg",
    ):
        assert page_not_found(client.get(url)), url
