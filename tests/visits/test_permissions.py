"""Every view of 走进政府 × every persona."""

import pytest

from gongkai.visits import services
from tests.conftest import ALL_PERSONAS
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


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("url", sorted(GET_MATRIX))
def test_staff_get_permissions(client_as, activity, persona, url):
    allowed, not_found = GET_MATRIX[url]
    response = client_as(persona).get(url.format(pk=activity.pk))
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif persona in allowed:
        assert response.status_code == 200
    elif persona in not_found:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


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
        "cancel": (f"/visits/staff/{activity.pk}/registrations/{reg.pk}/cancel/", {}),
        "answer": (f"/visits/staff/suggestions/{suggestion.pk}/answer/", {"answer": "ok"}),
        "assign": (
            f"/visits/staff/suggestions/{suggestion.pk}/assign/",
            {"responsible_unit": activity.unit_id},
        ),
        "bulk": ("/visits/staff/suggestions/bulk/", {"ids": [suggestion.pk], "status": "assigned"}),
        "approve": (f"/publishing/staff/visits.media/{media.pk}/approve/", {}),
        "reject": (f"/publishing/staff/visits.media/{media.pk}/reject/", {"reason": "模糊"}),
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
    "approve": ({"county_office", "service_center"}, set()),
    "reject": ({"county_office", "service_center"}, set()),
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("action", sorted(POST_MATRIX))
def test_staff_post_permissions(client_as, activity, personas, persona, action):
    from tests.visits.conftest import jpeg_upload

    rep = services.save_representative(**person(1))
    reg = services.invite(activity, services.save_representative(**person(2)), by=None)
    suggestion = services.submit_opinion(
        activity, satisfaction="fair", suggestions=["x"]
    ).suggestions.get()
    media = services.upload_media(activity, jpeg_upload(), by=None)
    targets = _post_targets(activity, reg, suggestion, media)
    targets["invite"][1]["representative"] = rep.pk
    url, data = targets[action]
    allowed, not_found = POST_MATRIX[action]
    response = client_as(persona).post(url, data)
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif persona in allowed:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
    elif persona in not_found:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


PUBLIC_URLS = [
    "/visits/",
    "/visits/{pk}/",
    "/visits/{pk}/register/",
    "/visits/lookup/",
    "/visits/checkin/{checkin}/",
    "/visits/opinion/{opinion}/",
    "/visits/qr/checkin/{checkin}.svg",
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_open_to_everyone(client_as, activity, persona, url):
    url = url.format(pk=activity.pk, checkin=activity.checkin_token, opinion=activity.opinion_token)
    assert client_as(persona).get(url).status_code == 200


def test_unknown_tokens_are_not_found(client, activity):
    assert client.get("/visits/checkin/nope/").status_code == 404
    assert client.get("/visits/opinion/nope/").status_code == 404
    assert client.get("/visits/registration/NOPE/").status_code == 404
    assert client.get("/visits/qr/other/x.svg").status_code == 404
